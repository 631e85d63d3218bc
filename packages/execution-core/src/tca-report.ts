import { implementationShortfallBps } from './implementation-shortfall.js';
import { type ShadowBaselineResult, valueAddBps } from './shadow-baseline.js';
import type { Side } from './side.js';
import {
  arrivalSlippageBps,
  completionTimeMs,
  decomposeShortfall,
  fillRate,
  intervalVwapSlippageBps,
  type ParticipationResult,
  participation,
  type ShortfallDecomposition,
  spreadCapture,
  type TapePoint,
  type TcaFill,
} from './tca.js';

export interface TcaReportInput {
  side: Side;
  targetQty: number;
  decisionPrice: number;
  arrivalPrice: number;
  /** Last market price at the end of the window, to value what was left unfilled. */
  finalPrice: number;
  startMs: number;
  endMs: number;
  fills: readonly TcaFill[];
  tape: readonly TapePoint[];
  targetParticipation?: number;
  /** The same order replayed by a baseline schedule on `tape` (see `shadowBaseline`). */
  baseline?: ShadowBaselineResult;
}

/** Post-trade report of one ParentOrder: every TCA figure in one value, nulls where undefined. */
export interface TcaReport {
  filledQty: number;
  fillRate: number;
  completionTimeMs: number | null;
  /** Arrival IS on the executed part, bps (positive = cost, fees excluded). */
  arrivalSlippageBps: number;
  intervalVwapSlippageBps: number | null;
  participation: ParticipationResult | null;
  spreadCapture: number | null;
  decomposition: ShortfallDecomposition;
  /** Baseline IS minus ours with fees, bps: positive = the live policy beat the baseline. */
  valueAddBps: number | null;
}

export function tcaReport(input: TcaReportInput): TcaReport {
  const filledQty = input.fills.reduce((a, f) => a + f.quantity, 0);
  let marketVolume = 0;
  for (const t of input.tape) if (t.tsMs >= input.startMs && t.tsMs < input.endMs) marketVolume += t.volume;
  const fees = input.fills.reduce((a, f) => a + f.fee, 0);
  const ourIsWithFees =
    filledQty > 0
      ? implementationShortfallBps(input.side, input.arrivalPrice, input.fills) +
        (fees / (input.arrivalPrice * filledQty)) * 10_000
      : null;
  return {
    filledQty,
    fillRate: fillRate(filledQty, input.targetQty),
    completionTimeMs: completionTimeMs(input.startMs, input.fills, input.targetQty),
    arrivalSlippageBps: arrivalSlippageBps(input.side, input.arrivalPrice, input.fills),
    intervalVwapSlippageBps: intervalVwapSlippageBps(
      input.side,
      input.fills,
      input.tape,
      input.startMs,
      input.endMs,
    ),
    participation:
      input.targetParticipation !== undefined && marketVolume > 0
        ? participation(filledQty, marketVolume, input.targetParticipation)
        : null,
    spreadCapture: spreadCapture(input.side, input.fills),
    decomposition: decomposeShortfall(input),
    valueAddBps: input.baseline && ourIsWithFees !== null ? valueAddBps(ourIsWithFees, input.baseline) : null,
  };
}
