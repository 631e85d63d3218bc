import { BybitVenue } from '@tranche/bybit';
import { startSimulator, type ReplayFileSpec } from '@tranche/bybit-sim';
import type { execution } from '@tranche/contracts';
import {
  createEmbeddedSystem,
  DEFAULT_INSTRUMENTS,
  HeuristicDecider,
  type Clock,
  type EmbeddedSystem,
} from '@tranche/engine';
import {
  createAdvisor,
  LlmMetrics,
  MemoryAdviceStore,
  MemoryLlmAudit,
  parentViewFromWire,
  type LlmSettings,
  type PromptTrade,
  type TradeSource,
} from '@tranche/llm';
import { RestClientV5 } from 'bybit-api';
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
  /** Consult a model through the LLM advisor (its latency charged in market time) instead of the heuristic. */
  llm?: LlmSettings;
  /**
   * Replay recorded market data instead of the seeded synthetic market; the run starts at the
   * data's first book plus the warm-up.
   */
  replay?: ReplayFileSpec[];
}

/** What the model did for a run: calls and their outcomes, tokens and cost, as the advisor counted them. */
export interface LlmRunStats {
  model: string;
  calls: number;
  ok: number;
  refused: number;
  late: number;
  errors: number;
  fallbackRate: number;
  adaptations: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  fallbackReasons: Record<string, number>;
}

export interface SimulatedRunResult extends ParentRun {
  /** What the venue itself recorded: orders, fills, and any duplicate or over-fill it saw. */
  ledger: { orders: number; fills: number; violations: unknown[] };
  llm?: LlmRunStats;
}

/** The LLM advisor for one embedded run, reading its parent from the run's own router. */
export function embeddedAdvisor(settings: LlmSettings, clock: Clock, trades?: TradeSource) {
  const holder: { sys?: EmbeddedSystem } = {};
  const advisor = createAdvisor(settings, {
    heuristic: new HeuristicDecider(),
    store: new MemoryAdviceStore(() => clock.now()),
    audit: new MemoryLlmAudit(settings.apiKey ? [settings.apiKey] : []),
    metrics: new LlmMetrics(),
    parents: {
      view: async (parentId) =>
        holder.sys ? parentViewFromWire(await holder.sys.router.get({ parentId })) : undefined,
    },
    ...(trades ? { trades } : {}),
    timing: 'market-time',
  });
  return {
    advisor,
    attach: (sys: EmbeddedSystem) => (holder.sys = sys),
    async stats(parentId: string): Promise<LlmRunStats> {
      await advisor.flush();
      const s = await advisor.stats(parentId);
      return {
        model: s.model,
        calls: s.calls,
        ok: s.ok,
        refused: s.refused,
        late: s.late,
        errors: s.errors,
        fallbackRate: s.fallbackRate,
        adaptations: s.adaptations,
        tokensIn: s.tokensIn,
        tokensOut: s.tokensOut,
        costUsd: s.costUsd,
        fallbackReasons: s.fallbackReasons,
      };
    },
  };
}

/** The simulator's last public trades, for the model's prompt. */
class SimulatorTrades implements TradeSource {
  private readonly rest: RestClientV5;
  constructor(baseUrl: string) {
    this.rest = new RestClientV5({ baseUrl });
  }
  async recent(symbol: string, nowMs: number): Promise<PromptTrade[]> {
    const r = await this.rest.getPublicTradingHistory({ category: 'linear', symbol, limit: 10 });
    if (r.retCode !== 0) return [];
    return r.result.list
      .map((t) => ({
        tsMs: Number(t.time),
        price: t.price,
        size: t.size,
        side: t.side === 'Buy' ? ('BUY' as const) : t.side === 'Sell' ? ('SELL' as const) : ('' as const),
      }))
      .filter((t) => t.tsMs <= nowMs)
      .sort((a, b) => a.tsMs - b.tsMs);
  }
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
    market: o.replay
      ? { type: 'replay', files: o.replay }
      : {
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
    const llm =
      o.llm && o.policy ? embeddedAdvisor(o.llm, clock, new SimulatorTrades(sim.restUrl)) : undefined;
    const sys = createEmbeddedSystem({
      seed: o.seed,
      clock,
      overrides: { market: new BybitRestMarketData(sim.restUrl, clock), venue },
      config: { consultDecisionPolicy: o.policy },
      ...(llm ? { decider: { decider: llm.advisor, deadline: 'market' as const } } : {}),
    });
    llm?.attach(sys);
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
      ...(llm ? { llm: await llm.stats(run.parent.parentId) } : {}),
    };
  } finally {
    venue.close();
    await sim.close();
  }
}
