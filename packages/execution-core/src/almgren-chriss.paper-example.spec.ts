import { almgrenChriss } from './almgren-chriss.js';

/**
 * Almgren & Chriss (2000), section 2 example: X = 10^6 shares, S0 = 50, 30% annual volatility
 * (sigma² = 0.9 $²/day), epsilon = 0.0625, eta = 2.5e-6, gamma = 2.5e-7, T = 5 days, N = 5.
 * The reference below is written independently of the implementation: kappa by bisection on the
 * defining equation, holdings from the hyperbolic solution, trades as holding differences, and E, V
 * summed slice by slice from their definitions.
 */
const X = 1e6;
const SIGMA2 = 0.9;
const EPS = 0.0625;
const ETA = 2.5e-6;
const GAMMA = 2.5e-7;
const T = 5;
const N = 5;

function reference(lambda: number): { kappa: number; x: number[]; n: number[]; E: number; V: number } {
  const tau = T / N;
  const etaTilde = ETA - (GAMMA * tau) / 2;
  const rhs = 1 + (lambda * SIGMA2 * tau * tau) / (2 * etaTilde);
  let lo = 0;
  let hi = 50;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (Math.cosh(mid * tau) < rhs) lo = mid;
    else hi = mid;
  }
  const kappa = (lo + hi) / 2;
  const x: number[] = [];
  for (let k = 0; k <= N; k++) x.push((X * Math.sinh(kappa * (T - k * tau))) / Math.sinh(kappa * T));
  const n: number[] = [];
  for (let k = 1; k <= N; k++) n.push(x[k - 1]! - x[k]!);
  let E = (GAMMA * X * X) / 2;
  let V = 0;
  for (let k = 1; k <= N; k++) {
    E += EPS * Math.abs(n[k - 1]!) + (etaTilde / tau) * n[k - 1]! ** 2;
    V += SIGMA2 * tau * x[k]! ** 2;
  }
  return { kappa, x, n, E, V };
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('Almgren-Chriss closed forms on the paper example', () => {
  it.each([1e-6, 2e-6])(
    'lambda=%p: kappa, trades, holdings, E and V match the slice-by-slice evaluation to 1e-9',
    (lambda) => {
      const r = almgrenChriss({
        quantity: X,
        sigma: Math.sqrt(SIGMA2),
        eta: ETA,
        gamma: GAMMA,
        epsilon: EPS,
        riskAversion: lambda,
        horizon: T,
        slices: N,
      });
      const ref = reference(lambda);
      expect(relErr(r.kappa, ref.kappa)).toBeLessThan(1e-9);
      expect(r.trades).toHaveLength(N);
      expect(r.holdings).toHaveLength(N + 1);
      r.trades.forEach((n, j) => expect(relErr(n, ref.n[j]!)).toBeLessThan(1e-9));
      r.holdings.slice(0, N).forEach((x, k) => expect(relErr(x, ref.x[k]!)).toBeLessThan(1e-9));
      expect(r.holdings[N]).toBe(0);
      expect(relErr(r.expectedCost, ref.E)).toBeLessThan(1e-9);
      expect(relErr(r.variance, ref.V)).toBeLessThan(1e-9);
    },
  );

  it('the trade list equals the textbook form X·2·sinh(kappa·tau/2)/sinh(kappa·T)·cosh(kappa·(T − (j − 1/2)·tau))', () => {
    const r = almgrenChriss({
      quantity: X,
      sigma: Math.sqrt(SIGMA2),
      eta: ETA,
      gamma: GAMMA,
      epsilon: EPS,
      riskAversion: 2e-6,
      horizon: T,
      slices: N,
    });
    const tau = T / N;
    r.trades.forEach((n, i) => {
      const j = i + 1;
      const textbook =
        ((X * 2 * Math.sinh((r.kappa * tau) / 2)) / Math.sinh(r.kappa * T)) *
        Math.cosh(r.kappa * (T - (j - 0.5) * tau));
      expect(relErr(n, textbook)).toBeLessThan(1e-12);
    });
  });

  it('an extreme risk aversion trades almost everything at once, without overflow or NaN', () => {
    const r = almgrenChriss({
      quantity: X,
      sigma: Math.sqrt(SIGMA2),
      eta: ETA,
      gamma: GAMMA,
      epsilon: EPS,
      riskAversion: 1e30,
      horizon: T,
      slices: N,
    });
    expect(r.kappa * T).toBeGreaterThan(300);
    for (const v of [...r.trades, ...r.holdings, r.expectedCost, r.variance])
      expect(Number.isFinite(v)).toBe(true);
    expect(
      relErr(
        r.trades.reduce((a, b) => a + b, 0),
        X,
      ),
    ).toBeLessThan(1e-12);
    expect(r.trades[0]! / X).toBeGreaterThan(0.99);
  });

  it('a more risk-averse trader pays more expected cost for less variance', () => {
    const base = {
      quantity: X,
      sigma: Math.sqrt(SIGMA2),
      eta: ETA,
      gamma: GAMMA,
      epsilon: EPS,
      horizon: T,
      slices: N,
    };
    const a = almgrenChriss({ ...base, riskAversion: 1e-6 });
    const b = almgrenChriss({ ...base, riskAversion: 2e-6 });
    expect(b.expectedCost).toBeGreaterThan(a.expectedCost);
    expect(b.variance).toBeLessThan(a.variance);
    expect(b.trades[0]!).toBeGreaterThan(a.trades[0]!);
  });

  it('the optimal holdings satisfy the discrete Euler-Lagrange recurrence', () => {
    const lambda = 2e-6;
    const r = almgrenChriss({
      quantity: X,
      sigma: Math.sqrt(SIGMA2),
      eta: ETA,
      gamma: GAMMA,
      epsilon: EPS,
      riskAversion: lambda,
      horizon: T,
      slices: N,
    });
    const tau = T / N;
    const kt2 = (lambda * SIGMA2) / (ETA - (GAMMA * tau) / 2);
    for (let k = 1; k < N; k++) {
      const lhs = (r.holdings[k - 1]! - 2 * r.holdings[k]! + r.holdings[k + 1]!) / (tau * tau);
      expect(relErr(lhs, kt2 * r.holdings[k]!)).toBeLessThan(1e-8);
    }
  });
});
