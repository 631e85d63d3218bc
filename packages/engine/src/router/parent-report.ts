import { execution, type marketdata } from '@tranche/contracts';
import {
  Dec,
  implementationShortfallBps,
  type InstrumentRules,
  type TapePoint,
} from '@tranche/execution-core';
import type { DependencyCalls } from './dependency-calls.js';
import type { ExecutionDeps } from './execution-deps.js';
import type { ParentRecord } from './parent-record.js';
import type { ParentSchedule } from './parent-schedule.js';
import { parentTca, type PricedAt } from './parent-tca.js';

/** How the slices went, counted by the slice runner and reported with the parent. */
export interface SliceCounters {
  slicesRun: number;
  skippedSlices: number;
  deniedSlices: number;
}

/**
 * What the parent's report is built from beyond the store's fills: the market as the router saw it
 * (one tape point per snapshot it priced from) and the mid and spread each child was priced off.
 */
export class ParentReport {
  private readonly tape: TapePoint[] = [];
  private lastTapeMs: number | undefined;
  private readonly pricedAt = new Map<string, PricedAt>();

  constructor(
    private readonly deps: Pick<ExecutionDeps, 'clock' | 'store' | 'config' | 'decision'>,
    private readonly record: ParentRecord,
    private readonly rules: InstrumentRules,
    private readonly schedule: ParentSchedule,
    private readonly arrival: marketdata.IMarketSnapshot,
    private readonly calls: DependencyCalls,
    private readonly counters: SliceCounters,
    private readonly childCount: () => number,
  ) {}

  /** A tape point per snapshot: its mid, and the market volume since the previous point. */
  observe(snap: marketdata.MarketSnapshot): void {
    const t = this.deps.clock.now();
    const perMs = Number(snap.volume_1m || 0) / 60_000;
    const since = this.lastTapeMs ?? Number(this.record.order.startTime);
    this.lastTapeMs = t;
    const price = Number(snap.mid);
    if (price > 0) this.tape.push({ tsMs: t, price, volume: perMs * Math.max(0, t - since) });
  }

  /** The market a child was priced from: its fills are measured against it. */
  priced(childId: string, snap: marketdata.MarketSnapshot): void {
    this.pricedAt.set(childId, { mid: Number(snap.mid), spreadBps: snap.spreadBps ?? 0 });
  }

  /** The report a parent ends with, kept with it in the store. */
  async final(): Promise<execution.ExecutionReport> {
    const report = await this.build();
    // The policy's own account of the parent; a report never waits long for it.
    const stats = await this.deps.decision
      .stats?.(this.record.id, this.deps.config.deadlines.decisionMs * 4)
      .catch(() => undefined);
    if (stats) report.llm = stats;
    await this.deps.store.saveReport(this.record.id, report);
    return report;
  }

  async build(): Promise<execution.ExecutionReport> {
    const p = this.record.order;
    const fills = await this.deps.store.getFills(this.record.id);
    const isBps = p.arrivalPrice
      ? implementationShortfallBps(
          this.record.side,
          Number(p.arrivalPrice),
          fills.map((f) => ({ price: Number(f.price), quantity: Number(f.quantity) })),
        )
      : 0;
    const fees = fills.reduce((s, f) => s.plus(f.fee || '0'), new Dec(0));
    return execution.ExecutionReport.create({
      filledQuantity: p.filledQuantity || '0',
      averagePrice: p.averagePrice || '',
      implementationShortfallBps: isBps,
      childOrders: this.childCount(),
      fallbackSlices: this.calls.fallbackSlices.size,
      deniedSlices: this.counters.deniedSlices,
      fees: fees.toFixed(),
      slicesRun: this.counters.slicesRun,
      skippedSlices: this.counters.skippedSlices,
      dependencies: this.calls.stats.toWire(),
      tca: parentTca({
        side: this.record.side,
        quantity: p.quantity,
        arrivalPrice: Number(p.arrivalPrice),
        startMs: Number(p.startTime),
        endMs: Math.max(Number(p.startTime) + 1, Math.min(this.deps.clock.now(), Number(p.deadline))),
        slices: this.schedule.planning.slices,
        rules: this.rules,
        fills,
        pricedAt: this.pricedAt,
        tape: this.tape,
        targetParticipation: this.schedule.planning.maxParticipation,
        dailyVolume: Number(this.arrival.averageDailyVolume) || Number(this.arrival.volume_1m || 0) * 1440,
        dailyVolatility: this.arrival.dailyVolatility ?? 0,
        takerFeeBps: this.deps.config.takerFeeBps,
      }),
    });
  }
}
