import { algorithmToWire, type marketdata } from '@tranche/contracts';
import { Dec, type ScheduledSlice } from '@tranche/execution-core';
import { planBaseline, type BaselinePlan, type BaselinePlanInput } from './baseline-plan.js';
import type { EventBody, ExecutionDeps } from './execution-deps.js';
import type { ParentRecord } from './parent-record.js';

/**
 * The plan a parent trades to: slice due times and quantities, and how far it should be filled by
 * each slice. A re-plan (ADAPTIVE regime change, policy CANCEL, resume, amend) replaces everything
 * from one slice on; targets then count from what was filled when it happened.
 */
export class ParentSchedule {
  private slices: ScheduledSlice[];
  private replanFrom = 0;
  /** Filled quantity when the current plan was made: its targets count from there. */
  private replanBase = new Dec(0);
  /** POV: market volume observed since the parent started, and when it was last sampled. */
  private observedVolume = 0;
  private observedAtMs: number | undefined;

  constructor(
    private readonly deps: Pick<ExecutionDeps, 'clock'>,
    private readonly record: ParentRecord,
    /** How the plan was made, so it can be made again as the market (or the owner's mind) changes. */
    readonly planning: BaselinePlanInput,
    private current: BaselinePlan,
    private readonly arrival: marketdata.IMarketSnapshot,
    /** The policy's latest impact adjustment: a re-plan prices impact with it. */
    private readonly impactAdjustment: () => number | undefined,
  ) {
    this.slices = [...current.slices];
    const p = record.order;
    // POV counts the market's volume from the parent's start, not from its first look at it.
    this.observedAtMs = Number(p.startTime) || undefined;
    this.acceptedSliceMs =
      Math.max(0, Number(p.deadline) - Number(p.startTime)) / Math.max(1, planning.slices);
  }

  private readonly acceptedSliceMs: number;

  get plan(): BaselinePlan {
    return this.current;
  }

  get length(): number {
    return this.slices.length;
  }

  at(i: number): ScheduledSlice | undefined {
    return this.slices[i];
  }

  /** When the last planned slice is due (the deadline when nothing is planned). */
  get lastDueMs(): number {
    return this.slices[this.slices.length - 1]?.dueMs ?? Number(this.record.order.deadline);
  }

  /** The slice length the parent was accepted with: catch-up slices and amended horizons keep its pace. */
  get sliceMs(): number {
    return this.acceptedSliceMs;
  }

  /** What should be filled by the end of slice i: the plan's running total, or for POV the volume share. */
  targetThrough(i: number, snap: marketdata.MarketSnapshot): Dec {
    if (this.current.algorithm === 'POV') {
      const now = this.deps.clock.now();
      const perMs = Number(snap.volume_1m || 0) / 60_000;
      if (this.observedAtMs !== undefined)
        this.observedVolume += perMs * Math.max(0, now - this.observedAtMs);
      this.observedAtMs = now;
      return Dec.min(
        this.record.order.quantity,
        new Dec(this.observedVolume).times(this.current.participation ?? 0),
      );
    }
    let sum = this.replanBase;
    for (let k = this.replanFrom; k <= i && k < this.slices.length; k++)
      sum = sum.plus(this.slices[k]!.quantity);
    return sum;
  }

  /**
   * A plan for what is left, from slice i to the deadline, on the market as it is now. `slices`
   * overrides the count (an amended deadline changes how many fit); by default the remainder keeps
   * its share of the original count.
   */
  remainder(i: number, snap: marketdata.MarketSnapshot, slices?: number): BaselinePlan {
    const arrivalMid = Number(this.record.order.arrivalPrice);
    const now = this.deps.clock.now();
    const deadline = Number(this.record.order.deadline);
    // Never plan from a due time past the deadline (an amend may have brought it forward).
    const due = Math.min(Math.max(now, this.slices[i]?.dueMs ?? 0), Math.max(now, deadline - 1));
    const remainingSlices = Math.max(1, this.slices.length - i);
    const jitter = this.planning.jitter;
    return planBaseline({
      ...this.planning,
      // A re-plan draws afresh (seeded by where it starts), or it would repeat the first plan's pattern.
      ...(jitter ? { jitter: { ...jitter, seed: (jitter.seed + i) >>> 0 || 1 } } : {}),
      quantity: this.record.remaining().toFixed(),
      startMs: due,
      horizonMs: Math.max(1, deadline - due),
      slices:
        slices ??
        Math.max(1, Math.round(this.planning.slices * (remainingSlices / Math.max(1, this.slices.length)))),
      snapshot: snap,
      impactAdjustment: this.impactAdjustment(),
      regime: {
        trendBps: arrivalMid > 0 ? (Number(snap.mid) / arrivalMid - 1) * 1e4 : 0,
        windowMs: Math.max(1, now - Number(this.record.order.startTime)),
        arrivalDailyVolatility: this.arrival.dailyVolatility ?? 0,
        arrivalSpreadBps: this.arrival.spreadBps ?? 0,
      },
    });
  }

  /** POV's count of market volume since the parent started: a checkpoint carries it on. */
  get observed(): { volume: number; atMs: number | null } {
    return { volume: this.observedVolume, atMs: this.observedAtMs ?? null };
  }

  restoreObserved(o: { volume: number; atMs: number | null }): void {
    this.observedVolume = o.volume;
    this.observedAtMs = o.atMs ?? undefined;
  }

  /** Trade to `next` from slice i on; slices before i stay as they were. */
  adopt(i: number, next: BaselinePlan): void {
    this.current = next;
    this.replanFrom = i;
    this.replanBase = this.record.filled();
    this.slices = [...this.slices.slice(0, i), ...next.slices];
  }

  /** The SchedulePlanned event for the plan in force from a slice on. */
  planned(fromSlice: number): EventBody {
    return {
      schedulePlanned: {
        fromSlice,
        algorithm: algorithmToWire(this.current.algorithm),
        reason: this.current.reason,
        sliceQuantities: this.slices.slice(fromSlice).map((s) => s.quantity),
        warnings: this.current.warnings,
      },
    };
  }
}
