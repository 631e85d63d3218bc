import { BybitVenue } from '@tranche/bybit';
import { startSimulator } from '@tranche/bybit-sim';
import type { execution } from '@tranche/contracts';
import { createEmbeddedSystem, DEFAULT_INSTRUMENTS } from '@tranche/engine';
import { BybitRestMarketData } from './bybit-rest-market-data.js';
import { runParentToEnd, type ParentRun } from './parent-run.js';
import { SimulatorClock } from './simulator-clock.js';

export interface SimulatedRunOptions {
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: string;
  horizonMs: number;
  slices: number;
  seed: number;
  /** false runs the bare TWAP baseline on the same market. */
  policy: boolean;
  /** The baseline schedule; default TWAP. */
  algorithm?: execution.Algorithm;
  urgency?: number;
  /** Market time replayed before the order, so bars, volume and volatility exist. */
  warmUpMs: number;
}

export interface SimulatedRunResult extends ParentRun {
  /** What the venue itself recorded: orders, fills, and any duplicate or over-fill it saw. */
  ledger: { orders: number; fills: number; violations: unknown[] };
}

const KEY = 'demo-key';
const SECRET = 'demo-secret';

/**
 * One parent order through the router, the real Bybit adapter (bybit-api over loopback HTTP and
 * WebSocket) and the in-process Bybit v5 simulator on a seeded synthetic market. The market clock
 * moves only when the router sleeps, so hours of market replay in seconds.
 */
export async function runOnSimulator(o: SimulatedRunOptions): Promise<SimulatedRunResult> {
  // The venue must trade on the same quantity step and tick as the risk rules check against, or
  // every child of a symbol the simulator does not list itself would be denied as off-grid.
  const rules = DEFAULT_INSTRUMENTS.get(o.symbol);
  const sim = await startSimulator({
    port: 0,
    speed: 'manual',
    credentials: { apiKey: KEY, apiSecret: SECRET },
    // A fixed start (a Monday, 12:00 UTC) makes the market a function of the seed alone.
    market: {
      type: 'synthetic',
      symbols: [o.symbol],
      seed: o.seed,
      startTime: Date.UTC(2026, 0, 5, 12),
      config: rules ? { tickSize: Number(rules.tickSize), qtyStep: Number(rules.qtyStep) } : undefined,
    },
    instruments: rules
      ? {
          [o.symbol]: {
            tickSize: rules.tickSize,
            qtyStep: rules.qtyStep,
            minOrderQty: rules.minOrderQty,
            maxOrderQty: rules.maxOrderQty,
          },
        }
      : undefined,
  });
  const venue = new BybitVenue({ key: KEY, secret: SECRET, restBaseUrl: sim.restUrl, wsUrl: sim.wsUrl });
  try {
    sim.advance(o.warmUpMs);
    const clock = new SimulatorClock(sim);
    const sys = createEmbeddedSystem({
      seed: o.seed,
      clock,
      overrides: { market: new BybitRestMarketData(sim.restUrl, clock), venue },
      config: { consultDecisionPolicy: o.policy },
    });
    const run = await runParentToEnd(sys, {
      clientOrderId: `sim-${o.seed}-${o.policy ? 'policy' : 'twap'}`,
      symbol: o.symbol,
      side: o.side,
      quantity: o.quantity,
      horizonMs: o.horizonMs,
      slices: o.slices,
      ...(o.algorithm !== undefined ? { algorithm: o.algorithm } : {}),
      ...(o.urgency !== undefined ? { urgency: o.urgency } : {}),
    });
    const ledger = (await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as {
      orders: unknown[];
      fills: unknown[];
      violations: unknown[];
    };
    return {
      ...run,
      ledger: { orders: ledger.orders.length, fills: ledger.fills.length, violations: ledger.violations },
    };
  } finally {
    venue.close();
    await sim.close();
  }
}
