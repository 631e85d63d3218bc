import { execution } from '@tranche/contracts';
import {
  shadowBaseline,
  squareRootImpact,
  tcaReport,
  twapSchedule,
  type InstrumentRules,
  type Side,
  type TapePoint,
  type TcaFill,
} from '@tranche/execution-core';

/** The market at the moment a child was priced: the mid and spread its fills are measured against. */
export interface PricedAt {
  mid: number;
  spreadBps: number;
}

export interface ParentTcaInput {
  side: Side;
  quantity: string;
  arrivalPrice: number;
  startMs: number;
  endMs: number;
  slices: number;
  rules: InstrumentRules;
  fills: readonly execution.IFill[];
  /** Per child id: the market it was priced from. */
  pricedAt: ReadonlyMap<string, PricedAt>;
  /** The tape the router observed: one point per snapshot it priced from, with the volume since the last. */
  tape: readonly TapePoint[];
  targetParticipation?: number;
  dailyVolume: number;
  dailyVolatility: number;
  takerFeeBps: number;
}

const optional = (x: number | null | undefined): number | undefined =>
  x === null || x === undefined || !Number.isFinite(x) ? undefined : x;

/**
 * The parent's post-trade analysis, execution-core's tcaReport on what the router saw: its own fills
 * (each against the mid and spread of the snapshot its child was priced from) and the tape of those
 * snapshots. The shadow TWAP replays a bare TWAP of the same parent on the same tape, paying the
 * square-root law's impact and the taker fee, so the value add compares like with like.
 */
export function parentTca(input: ParentTcaInput): execution.TcaReport {
  const fills: TcaFill[] = input.fills.map((f) => {
    const at = input.pricedAt.get(f.childId ?? '');
    return {
      price: Number(f.price),
      quantity: Number(f.quantity),
      fee: Number(f.fee || 0),
      tsMs: Number(f.tsEvent ?? 0),
      isMaker: f.isMaker === true,
      ...(at ? { midAtFill: at.mid, spreadBpsAtFill: at.spreadBps } : {}),
    };
  });
  const targetQty = Number(input.quantity);
  const lastPoint = input.tape[input.tape.length - 1];
  const plan = twapSchedule({
    quantity: input.quantity,
    startMs: input.startMs,
    horizonMs: Math.max(1, input.endMs - input.startMs),
    slices: input.slices,
    rules: input.rules,
  }).map((s) => ({ dueMs: s.dueMs, quantity: Number(s.quantity) }));
  const baseline =
    input.tape.length > 0 && input.arrivalPrice > 0
      ? shadowBaseline({
          side: input.side,
          arrivalPrice: input.arrivalPrice,
          plan,
          tape: input.tape,
          // Each observed point stands for a whole slice's volume; the risk limit caps the take.
          maxParticipation: input.targetParticipation ?? 0.1,
          feeBps: input.takerFeeBps,
          impactBps: (q) =>
            input.dailyVolume > 0
              ? squareRootImpact({
                  quantity: q,
                  dailyVolume: input.dailyVolume,
                  dailyVolatility: input.dailyVolatility,
                }).bps
              : 0,
        })
      : undefined;
  const r = tcaReport({
    side: input.side,
    targetQty,
    decisionPrice: input.arrivalPrice,
    arrivalPrice: input.arrivalPrice,
    finalPrice: lastPoint?.price ?? input.arrivalPrice,
    startMs: input.startMs,
    endMs: input.endMs,
    fills,
    tape: input.tape,
    ...(input.targetParticipation !== undefined ? { targetParticipation: input.targetParticipation } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const d = r.decomposition.bps;
  let makerQty = 0;
  let makerBps = 0;
  for (const f of fills) {
    if (!f.isMaker || !(f.midAtFill !== undefined && f.midAtFill > 0)) continue;
    const s = input.side === 'BUY' ? 1 : -1;
    makerBps += ((s * (f.midAtFill - f.price)) / f.midAtFill) * 1e4 * f.quantity;
    makerQty += f.quantity;
  }
  return execution.TcaReport.create({
    ...(fills.length > 0 ? { arrivalSlippageBps: r.arrivalSlippageBps } : {}),
    isBps: d.total,
    delayBps: d.delay,
    impactBps: d.impact,
    timingBps: d.timing,
    feesBps: d.fees,
    opportunityBps: d.opportunity,
    vwapSlippageBps: optional(r.intervalVwapSlippageBps),
    participation: optional(r.participation?.realised),
    fillRate: r.fillRate,
    spreadCapture: optional(r.spreadCapture),
    shadowTwapIsBps: optional(baseline?.isBps),
    valueAddVsShadowTwapBps: optional(r.valueAddBps),
    completionTimeMs: optional(r.completionTimeMs),
    tapePoints: input.tape.length,
    spreadCaptureBps: makerQty > 0 ? makerBps / makerQty : undefined,
  });
}
