import { seededRandom } from './stats.js';

/** One generated parent order; every policy runs it on the same tape from the same start. */
export interface BacktestOrder {
  index: number;
  side: 'BUY' | 'SELL';
  /** Decimal string on the instrument's quantity step. */
  quantity: string;
  horizonMs: number;
  slices: number;
  urgency: number;
  /** Seed of the synthetic market for this order (ignored on a replay). */
  marketSeed: number;
  /** Market time before the order starts: on a replay, where in the data it starts. */
  warmUpMs: number;
  /** Share of average daily volume drawn, before the feasibility cap. */
  sizeAdv: number;
  /** True when the drawn size was cut so that it can finish at the participation limit. */
  capped: boolean;
}

export interface OrderSpec {
  count: number;
  seed: number;
  /** Share of ADV, e.g. [0.0005, 0.005] for 0.05%..0.5%. */
  sizeAdv: [number, number];
  horizonMs: [number, number];
  /** Base units traded per day on the market the orders run on. */
  adv: number;
  qtyStep: string;
  minQty: string;
  /** Largest share of the horizon's expected volume a parent may be (the participation limit). */
  maxParticipation: number;
  /** Range of market time to put before an order; a replay bounds it by the data's span. */
  warmUpMs: [number, number];
}

const DAY_MS = 86_400_000;
const URGENCY_LEVELS = [0.2, 0.5, 0.9] as const;

const decimals = (step: string) => (step.includes('.') ? step.length - step.indexOf('.') - 1 : 0);

/**
 * Rounds down to the quantity step in integer units of the step, so the string sent to the venue
 * has no float noise; never below the minimum order quantity.
 */
export function toStep(qty: number, step: string, min: string): string {
  const dp = decimals(step);
  const unit = 10 ** dp;
  const stepUnits = Math.round(Number(step) * unit);
  const minUnits = Math.round(Number(min) * unit);
  const units = Math.max(minUnits, Math.floor((qty * unit) / stepUnits) * stepUnits);
  const s = String(units).padStart(dp + 1, '0');
  return dp === 0 ? s : `${s.slice(0, -dp)}.${s.slice(-dp)}`;
}

/**
 * Draws the parent orders from a seed: side, horizon (log-uniform, as horizons are thought of in
 * multiples), size as a share of ADV (log-uniform), urgency. A size above what the participation
 * limit lets the horizon's expected volume absorb is cut to that, and the order says so.
 */
export function generateOrders(spec: OrderSpec): BacktestOrder[] {
  const rand = seededRandom(spec.seed);
  const logUniform = ([lo, hi]: [number, number]) => Math.exp(Math.log(lo) + rand() * Math.log(hi / lo));
  const orders: BacktestOrder[] = [];
  for (let index = 0; index < spec.count; index++) {
    const side = rand() < 0.5 ? 'BUY' : 'SELL';
    const horizonMs = Math.round(logUniform(spec.horizonMs) / 1000) * 1000;
    const sizeAdv = logUniform(spec.sizeAdv);
    const urgency = URGENCY_LEVELS[Math.floor(rand() * URGENCY_LEVELS.length)]!;
    const marketSeed = 1 + Math.floor(rand() * 2 ** 31);
    const [w0, w1] = spec.warmUpMs;
    const warmUpMs = Math.round((w0 + rand() * (w1 - w0)) / 1000) * 1000;
    const feasible = (spec.maxParticipation * spec.adv * horizonMs) / DAY_MS;
    const wanted = sizeAdv * spec.adv;
    const capped = wanted > feasible;
    orders.push({
      index,
      side,
      quantity: toStep(Math.min(wanted, feasible), spec.qtyStep, spec.minQty),
      horizonMs,
      // About one slice a minute, as a desk would slice these horizons; 3..24.
      slices: Math.min(24, Math.max(3, Math.round(horizonMs / 60_000))),
      urgency,
      marketSeed,
      warmUpMs,
      sizeAdv,
      capped,
    });
  }
  return orders;
}
