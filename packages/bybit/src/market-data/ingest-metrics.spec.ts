import { ManualClock } from '../common/manual-clock.js';
import { IngestMetrics } from './ingest-metrics.js';

describe(IngestMetrics.name, () => {
  it('computes messages per second over complete seconds of the window', () => {
    const clock = new ManualClock(10_000);
    const m = new IngestMetrics({ clock, rateWindowSeconds: 2 });
    for (let i = 0; i < 30; i++) m.recordMessage(10_000 + i * 10); // second 10
    for (let i = 0; i < 50; i++) m.recordMessage(11_000 + i * 10); // second 11
    for (let i = 0; i < 7; i++) m.recordMessage(12_000 + i); // second 12, still open
    clock.set(12_500);
    const s = m.snapshot();
    expect(s.messagesTotal).toBe(87);
    expect(s.messagesPerSecond).toBe(40);
    clock.set(20_000);
    expect(m.snapshot().messagesPerSecond).toBe(0);
  });

  it('tracks the longest time without an applied update per book and the current one', () => {
    const clock = new ManualClock(0);
    const m = new IngestMetrics({ clock });
    m.trackBook('A', 500);
    m.trackBook('B', 500);
    m.recordBookApplied('A', 1000);
    m.recordBookApplied('B', 1000);
    m.recordBookApplied('A', 1300);
    m.recordBookApplied('A', 3300);
    expect(m.maxStalenessMs).toBe(2000);
    m.trackBook('A', 3400); // tracking again never moves the clock of a tracked book
    clock.set(6000);
    const s = m.snapshot();
    expect(s.currentStalenessMs).toBe(5000); // B has had nothing applied since 1000
    expect(s.maxStalenessMs).toBe(5000);
    expect(m.stalenessMs('A', 6000)).toBe(2700);
    expect(m.stalenessMs('C', 6000)).toBeUndefined();
  });

  it('does not restart the staleness clock for book messages that were not applied', () => {
    const clock = new ManualClock(0);
    const m = new IngestMetrics({ clock });
    m.recordBookApplied('BTCUSDT', 1000);
    // 1,330 deltas dropped while a resync waits: each one is a book message, none an update.
    for (let i = 0; i < 1330; i++) m.recordBookMessage();
    expect(m.bookMessages).toBe(1330);
    expect(m.stalenessMs('BTCUSDT', 121_000)).toBe(120_000);
    m.recordResyncAttempt();
    m.recordResyncAttempt();
    clock.set(121_000);
    expect(m.snapshot()).toMatchObject({ currentStalenessMs: 120_000, resyncAttempts: 2 });
  });

  it('counts resyncs by reason, divergence and publish latency percentiles', () => {
    const m = new IngestMetrics({
      clock: new ManualClock(0),
      divergenceThreshold: 0.01,
      latencySamples: 100,
    });
    m.recordResync('gap');
    m.recordResync('gap');
    m.recordResync('stale');
    m.recordDivergence(0);
    m.recordDivergence(0.2);
    m.recordDivergence(0.005);
    for (let i = 1; i <= 100; i++) m.recordPublish(i);
    const s = m.snapshot();
    expect(s.resyncs).toBe(3);
    expect(s.resyncsByReason).toEqual({
      gap: 2,
      crossed: 0,
      malformed: 0,
      stale: 1,
      reconnect: 0,
      manual: 0,
    });
    expect([s.divergenceChecks, s.divergentChecks, s.lastDivergence, s.maxDivergence]).toEqual([
      3, 1, 0.005, 0.2,
    ]);
    expect([s.publishes, s.publishLatencyLastMs, s.publishLatencyMaxMs]).toEqual([100, 100, 100]);
    expect(s.publishLatencyP50Ms).toBe(51);
    expect(s.publishLatencyP99Ms).toBe(100);
    // The snapshot is a copy: later recording does not change it.
    m.recordResync('gap');
    expect(s.resyncsByReason.gap).toBe(2);
  });
});
