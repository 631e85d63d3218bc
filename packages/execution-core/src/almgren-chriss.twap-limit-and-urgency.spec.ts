import fc from 'fast-check';
import { almgrenChriss, urgencyToRiskAversion } from './almgren-chriss.js';
import { InvalidInputError } from './errors.js';

const paper = {
  quantity: 1e6,
  sigma: Math.sqrt(0.9),
  eta: 2.5e-6,
  gamma: 2.5e-7,
  epsilon: 0.0625,
  horizon: 5,
  slices: 5,
};

describe('Almgren-Chriss as lambda → 0', () => {
  it('lambda = 0 is exactly TWAP, with finite E and V and no NaN', () => {
    const r = almgrenChriss({ ...paper, riskAversion: 0 });
    expect(r.kappa).toBe(0);
    r.trades.forEach((n) => expect(n).toBe(paper.quantity / paper.slices));
    const tau = paper.horizon / paper.slices;
    const etaTilde = paper.eta - (paper.gamma * tau) / 2;
    const twapE =
      (paper.gamma * paper.quantity ** 2) / 2 +
      paper.epsilon * paper.quantity +
      (etaTilde * paper.quantity ** 2) / paper.horizon;
    expect(Math.abs(r.expectedCost - twapE) / twapE).toBeLessThan(1e-12);
    // TWAP variance: sigma²·tau·X²·Σ_{k=1..N}(1 − k/N)².
    let s = 0;
    for (let k = 1; k <= paper.slices; k++) s += (1 - k / paper.slices) ** 2;
    const twapV = 0.9 * tau * paper.quantity ** 2 * s;
    expect(Math.abs(r.variance - twapV) / twapV).toBeLessThan(1e-12);
  });

  it('property: for tiny lambda the trade list converges to X/N with everything finite', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1e-14, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (lambda, n) => {
          const r = almgrenChriss({ ...paper, slices: n, riskAversion: lambda, gamma: 0 });
          for (const t of r.trades) {
            expect(Number.isFinite(t)).toBe(true);
            expect(Math.abs(t - paper.quantity / n) / (paper.quantity / n)).toBeLessThan(1e-6);
          }
          expect(Number.isFinite(r.expectedCost) && Number.isFinite(r.variance)).toBe(true);
        },
      ),
    );
  });

  it('property: trades sum to X, holdings fall monotonically from X to 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e-4, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        (lambda, n) => {
          const r = almgrenChriss({ ...paper, slices: n, riskAversion: lambda, gamma: 0 });
          const sum = r.trades.reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - paper.quantity) / paper.quantity).toBeLessThan(1e-9);
          expect(r.holdings[0]).toBeCloseTo(paper.quantity, 3);
          for (let k = 1; k < r.holdings.length; k++)
            expect(r.holdings[k]!).toBeLessThanOrEqual(r.holdings[k - 1]! + 1e-6);
        },
      ),
    );
  });

  it('property: higher urgency front-loads more (first trade grows, last shrinks)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (u1, u2) => {
          fc.pre(Math.abs(u1 - u2) > 1e-3);
          const [lo, hi] = u1 < u2 ? [u1, u2] : [u2, u1];
          const p = { ...paper, slices: 10 };
          const a = almgrenChriss({ ...p, riskAversion: urgencyToRiskAversion(lo, p) });
          const b = almgrenChriss({ ...p, riskAversion: urgencyToRiskAversion(hi, p) });
          expect(b.trades[0]!).toBeGreaterThan(a.trades[0]!);
          expect(b.trades[9]!).toBeLessThan(a.trades[9]!);
        },
      ),
    );
  });

  it('urgency is clamped to [0,1] and NaN is refused', () => {
    const p = { ...paper };
    expect(urgencyToRiskAversion(-3, p)).toBe(0);
    expect(urgencyToRiskAversion(7, p)).toBe(urgencyToRiskAversion(1, p));
    expect(() => urgencyToRiskAversion(NaN, p)).toThrow(InvalidInputError);
  });

  it.each([
    ['quantity', { quantity: 0 }],
    ['quantity', { quantity: -5 }],
    ['sigma', { sigma: NaN }],
    ['eta', { eta: 0 }],
    ['riskAversion', { riskAversion: -1 }],
    ['horizon', { horizon: 0 }],
    ['slices', { slices: 2.5 }],
    ['eta', { gamma: 1 }],
  ])('rejects bad %s with a named error', (field, patch) => {
    expect(() => almgrenChriss({ ...paper, riskAversion: 1e-6, ...patch })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field }),
    );
  });
});
