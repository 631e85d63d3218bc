import { execution } from '@tranche/contracts';
import type { ReplayFileSpec } from '@tranche/bybit-sim';
import type { LlmSettings } from '@tranche/llm';
import { ALGORITHMS, type AlgorithmFlag } from '../args.js';
import { wireAlgorithm } from '../demo.js';
import { summariseRun } from '../run-summary.js';
import { runOnSimulator, type SimulatedRunResult } from '../simulated-run.js';
import type { BacktestOrder } from './orders.js';

export const DECISION_POLICIES = ['heuristic', 'llm'] as const;
export const BACKTEST_POLICIES = [...ALGORITHMS, ...DECISION_POLICIES] as const;
export type BacktestPolicy = (typeof BACKTEST_POLICIES)[number];

/** What one parent order did under one policy; a run that failed is kept with its error. */
export interface BacktestRun {
  policy: BacktestPolicy;
  order: number;
  side: 'buy' | 'sell';
  quantity: string;
  horizonMs: number;
  slices: number;
  urgency: number;
  /** Parent state as the router ended it, e.g. COMPLETE; FAILED_TO_RUN when it never got there. */
  state: string;
  /** null only when the run failed before the router produced a report. */
  isBps: number | null;
  filledQuantity: string;
  fillRate: number | null;
  participation: number | null;
  spreadCaptureBps: number | null;
  fallbackSlices: number;
  fallbackRate: number | null;
  /** Duplicates or over-fills the venue recorded; always 0 for a sound run. */
  venueViolations: number;
  error?: string;
}

export interface RunContext {
  symbol: string;
  replay?: ReplayFileSpec[];
  /** Set when `llm` is among the policies. */
  llm?: LlmSettings;
}

/**
 * A schedule name is that schedule with no decision policy; `heuristic` and `llm` are decision
 * policies over the default TWAP baseline, as in `tranche demo`.
 */
function policySetup(p: BacktestPolicy): { algorithm: AlgorithmFlag; decide: boolean } {
  if (p === 'heuristic' || p === 'llm') return { algorithm: 'twap', decide: true };
  return { algorithm: p, decide: false };
}

/** One order under one policy, on a fresh simulator with the order's own seed or replay start. */
export async function runOne(
  order: BacktestOrder,
  policy: BacktestPolicy,
  ctx: RunContext,
  run: typeof runOnSimulator = runOnSimulator,
): Promise<BacktestRun> {
  const { algorithm, decide } = policySetup(policy);
  const base = {
    policy,
    order: order.index,
    side: order.side === 'BUY' ? ('buy' as const) : ('sell' as const),
    quantity: order.quantity,
    horizonMs: order.horizonMs,
    slices: order.slices,
    urgency: order.urgency,
  };
  let r: SimulatedRunResult;
  try {
    r = await run({
      symbol: ctx.symbol,
      side: order.side,
      quantity: order.quantity,
      horizonMs: order.horizonMs,
      slices: order.slices,
      seed: order.marketSeed,
      warmUpMs: order.warmUpMs,
      policy: decide,
      algorithm: wireAlgorithm(algorithm),
      urgency: order.urgency,
      ...(policy === 'llm' && ctx.llm ? { llm: ctx.llm } : {}),
      ...(ctx.replay ? { replay: ctx.replay } : {}),
    });
  } catch (err) {
    return {
      ...base,
      state: 'FAILED_TO_RUN',
      isBps: null,
      filledQuantity: '0',
      fillRate: null,
      participation: null,
      spreadCaptureBps: null,
      fallbackSlices: 0,
      fallbackRate: null,
      venueViolations: 0,
      error: (err as Error).message,
    };
  }
  const tca = r.report.tca;
  const fallbackSlices = new Set(summariseRun(r).fallbacks.map((f) => f.sliceIndex)).size;
  const n = (x: number | null | undefined) => (x === null || x === undefined ? null : x);
  return {
    ...base,
    state: (execution.ParentState[r.parent.state] ?? 'UNKNOWN').replace('PARENT_STATE_', ''),
    isBps: r.report.implementationShortfallBps,
    filledQuantity: r.report.filledQuantity || '0',
    fillRate: n(tca?.fillRate) ?? Number(r.report.filledQuantity || 0) / Number(order.quantity),
    participation: n(tca?.participation),
    spreadCaptureBps: n(tca?.spreadCaptureBps),
    fallbackSlices,
    // With a model, the share of decisions taken without its advice; otherwise the share of
    // slices that went on without a dependency.
    fallbackRate: r.llm ? r.llm.fallbackRate : fallbackSlices / order.slices,
    venueViolations: r.ledger.violations.length,
  };
}
