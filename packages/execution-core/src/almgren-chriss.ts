import { InvalidInputError } from './errors.js';
import { requireFinite, requirePositive, requirePositiveInt } from './schedule.js';

/**
 * Almgren & Chriss (2000), "Optimal execution of portfolio transactions", discrete-time closed forms.
 * Units are the caller's: with T in days, sigma is price units per sqrt(day), eta is price units per
 * (share/day), gamma price units per share, epsilon price units per share.
 */
export interface AlmgrenChrissInput {
  /** Shares to trade (X > 0). */
  quantity: number;
  /** sigma: absolute volatility, price units per sqrt(time unit). */
  sigma: number;
  /** eta: temporary impact coefficient. */
  eta: number;
  /** gamma: permanent impact coefficient. */
  gamma: number;
  /** epsilon: fixed cost per share (half spread plus fees). */
  epsilon: number;
  /** lambda: risk aversion; 0 = risk neutral (the TWAP limit). */
  riskAversion: number;
  /** T, in the time unit sigma and eta use. */
  horizon: number;
  /** N slices. */
  slices: number;
}

export interface AlmgrenChrissResult {
  kappa: number;
  kappaTilde: number;
  tau: number;
  etaTilde: number;
  /** E[x]: expected cost of the trajectory, price units × shares. */
  expectedCost: number;
  /** V[x]: variance of the cost. */
  variance: number;
  /** n_1..n_N: shares traded in each interval. */
  trades: number[];
  /** x_0..x_N: shares still held at t_k = k·tau (x_0 = X, x_N = 0). */
  holdings: number[];
}

/**
 * Below this kappa·T the hyperbolic closed forms for E and V lose digits to cancellation (the variance
 * numerator is O(kappa^3) built from O(kappa) terms). There E and V are summed over the trajectory
 * instead, which is the same quantity by definition.
 */
const SMALL_KAPPA_T = 1e-2;
/** Below this, sinh ratios equal their TWAP limit to double precision. */
const TWAP_KAPPA_T = 1e-8;
/** Above this, sinh²(kappa·T) overflows a double; E and V are then summed over the trajectory too. */
const LARGE_KAPPA_T = 300;

function validate(input: AlmgrenChrissInput): void {
  requirePositive(input.quantity, 'quantity');
  const sigma = requireFinite(input.sigma, 'sigma');
  if (sigma < 0) throw new InvalidInputError('sigma', `must be >= 0, got ${sigma}`);
  requirePositive(input.eta, 'eta');
  const gamma = requireFinite(input.gamma, 'gamma');
  if (gamma < 0) throw new InvalidInputError('gamma', `must be >= 0, got ${gamma}`);
  const eps = requireFinite(input.epsilon, 'epsilon');
  if (eps < 0) throw new InvalidInputError('epsilon', `must be >= 0, got ${eps}`);
  const lambda = requireFinite(input.riskAversion, 'riskAversion');
  if (lambda < 0) throw new InvalidInputError('riskAversion', `must be >= 0, got ${lambda}`);
  requirePositive(input.horizon, 'horizon');
  requirePositiveInt(input.slices, 'slices');
}

/** acosh(1 + y) without the cancellation of Math.acosh near 1. */
function acosh1p(y: number): number {
  return Math.log1p(y + Math.sqrt(y * (2 + y)));
}

/** kappa from cosh(kappa·tau) = 1 + kappaTilde²·tau²/2. */
export function acKappa(kappaTilde2: number, tau: number): number {
  return acosh1p((kappaTilde2 * tau * tau) / 2) / tau;
}

/**
 * The optimal discrete trajectory and its expected cost and variance:
 *   eta~ = eta − gamma·tau/2,  kappa~² = lambda·sigma²/eta~,  cosh(kappa·tau) = 1 + kappa~²·tau²/2,
 *   x_k = X·sinh(kappa·(T − t_k))/sinh(kappa·T),
 *   n_j = X·2·sinh(kappa·tau/2)/sinh(kappa·T)·cosh(kappa·(T − (j − 1/2)·tau)),
 *   E = gamma·X²/2 + epsilon·X + eta~·X²·tanh(kappa·tau/2)·(tau·sinh(2·kappa·T) + 2·T·sinh(kappa·tau))
 *       / (2·tau²·sinh²(kappa·T)),
 *   V = sigma²·X²/2 · (tau·sinh(kappa·T)·cosh(kappa·(T − tau)) − T·sinh(kappa·tau))
 *       / (sinh²(kappa·T)·sinh(kappa·tau)).
 */
export function almgrenChriss(input: AlmgrenChrissInput): AlmgrenChrissResult {
  validate(input);
  const { quantity: X, sigma, eta, gamma, epsilon, riskAversion: lambda, horizon: T, slices: N } = input;
  const tau = T / N;
  const etaTilde = eta - (gamma * tau) / 2;
  if (!(etaTilde > 0)) {
    throw new InvalidInputError(
      'eta',
      `eta − gamma·tau/2 must be > 0 (got ${etaTilde}); use more slices or a smaller gamma`,
    );
  }
  const kappaTilde2 = (lambda * sigma * sigma) / etaTilde;
  const kappa = acKappa(kappaTilde2, tau);
  const kT = kappa * T;

  const trades = new Array<number>(N);
  const holdings = new Array<number>(N + 1);
  if (kT < TWAP_KAPPA_T) {
    // The limit of both sinh ratios as kappa → 0: equal trades X/N, linear holdings. No 0/0, no NaN.
    for (let j = 0; j < N; j++) trades[j] = X / N;
    for (let k = 0; k <= N; k++) holdings[k] = (X * (N - k)) / N;
  } else {
    // The trade list above, rewritten with decaying exponentials so it neither overflows for a large
    // kappa·T nor cancels for a small one (r = e^{−kappa·tau}):
    //   n_j = X·(1 − r)·(r^{j−1} + r^{2N−j}) / (1 − r^{2N}).
    // Powers are built by repeated multiplication: N multiplies instead of N cosh calls.
    const r = Math.exp(-kappa * tau);
    const scale = (X * -Math.expm1(-kappa * tau)) / -Math.expm1(-2 * kT);
    let hi = Math.pow(r, N); // r^{2N−j}, from j = N downward
    for (let j = N; j >= 1; j--) {
      trades[j - 1] = hi;
      hi *= r;
    }
    let lo = 1; // r^{j−1}
    for (let j = 1; j <= N; j++) {
      trades[j - 1] = scale * (lo + (trades[j - 1] ?? 0));
      lo *= r;
    }
    // Holdings as suffix sums of positive trades: relative error N·eps even for the last, tiny ones.
    let rest = 0;
    for (let k = N - 1; k >= 0; k--) {
      rest += trades[k] ?? 0;
      holdings[k] = rest;
    }
  }
  // The end points hold by definition; pinning them keeps x_0 = X and x_N = 0 free of rounding.
  holdings[0] = X;
  holdings[N] = 0;

  let expectedCost: number;
  let variance: number;
  if (kT < SMALL_KAPPA_T || kT > LARGE_KAPPA_T) {
    let sumN2 = 0;
    let sumX2 = 0;
    for (const n of trades) sumN2 += n * n;
    for (let k = 1; k <= N; k++) sumX2 += (holdings[k] ?? 0) ** 2;
    expectedCost = (gamma * X * X) / 2 + epsilon * X + (etaTilde / tau) * sumN2;
    variance = sigma * sigma * tau * sumX2;
  } else {
    const sinhKT = Math.sinh(kT);
    const sinh2 = sinhKT * sinhKT;
    const sinhKtau = Math.sinh(kappa * tau);
    expectedCost =
      (gamma * X * X) / 2 +
      epsilon * X +
      (etaTilde * X * X * Math.tanh((kappa * tau) / 2) * (tau * Math.sinh(2 * kT) + 2 * T * sinhKtau)) /
        (2 * tau * tau * sinh2);
    variance =
      ((sigma * sigma * X * X) / 2) *
      ((tau * sinhKT * Math.cosh(kappa * (T - tau)) - T * sinhKtau) / (sinh2 * sinhKtau));
  }
  return {
    kappa,
    kappaTilde: Math.sqrt(kappaTilde2),
    tau,
    etaTilde,
    expectedCost,
    variance,
    trades,
    holdings,
  };
}

/** Default upper end of the urgency scale: kappa·T = 6 puts about 2/3 of the order in the first sixth of T. */
export const DEFAULT_MAX_KAPPA_T = 6;

/**
 * Maps urgency in [0,1] to a risk aversion lambda for this problem. Urgency is clamped to [0,1], then
 * mapped linearly to kappa·T in [0, maxKappaT], and lambda is solved back from the discrete relation
 * cosh(kappa·tau) = 1 + lambda·sigma²·tau²/(2·eta~). Working in kappa·T makes urgency unit-free:
 * the same urgency gives the same trajectory shape whatever the instrument and time unit.
 */
export function urgencyToRiskAversion(
  urgency: number,
  p: { sigma: number; eta: number; gamma: number; horizon: number; slices: number; maxKappaT?: number },
): number {
  if (Number.isNaN(urgency)) throw new InvalidInputError('urgency', 'must be a number in [0,1], got NaN');
  const u = Math.min(1, Math.max(0, urgency));
  requirePositive(p.sigma, 'sigma');
  requirePositive(p.eta, 'eta');
  requirePositive(p.horizon, 'horizon');
  requirePositiveInt(p.slices, 'slices');
  const tau = p.horizon / p.slices;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  if (!(etaTilde > 0)) throw new InvalidInputError('eta', 'eta − gamma·tau/2 must be > 0');
  const kappa = (u * (p.maxKappaT ?? DEFAULT_MAX_KAPPA_T)) / p.horizon;
  const kappaTilde2 = (2 * (Math.cosh(kappa * tau) - 1)) / (tau * tau);
  return (kappaTilde2 * etaTilde) / (p.sigma * p.sigma);
}
