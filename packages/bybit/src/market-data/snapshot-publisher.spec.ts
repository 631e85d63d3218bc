import { ManualClock } from '../common/manual-clock.js';
import { SnapshotPublisher } from './snapshot-publisher.js';

interface Value {
  key: string;
  version: number;
}

function setup(options: { cadenceMs?: number; idleRepublishMs?: number; asyncSink?: boolean } = {}) {
  const clock = new ManualClock(1_000_000);
  const versions = new Map<string, number>();
  const published: Value[] = [];
  const latencies: number[] = [];
  let release: (() => void) | undefined;
  const pub = new SnapshotPublisher<Value>({
    source: (key) => (versions.has(key) ? { key, version: versions.get(key)! } : undefined),
    sink: (_key, value) => {
      published.push(value);
      if (options.asyncSink) {
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      }
    },
    clock,
    timer: clock,
    cadenceMs: options.cadenceMs ?? 100,
    idleRepublishMs: options.idleRepublishMs ?? 10_000,
    significance: { midMoveBps: 5, spreadChangeBps: 2 },
    onPublished: (_key, ms) => latencies.push(ms),
  });
  const update = (key: string, mid = 100, spreadBps = 1) => {
    versions.set(key, (versions.get(key) ?? 0) + 1);
    pub.notify(key, { mid, spreadBps });
  };
  return { clock, pub, published, latencies, update, release: () => release?.() };
}

describe(SnapshotPublisher.name, () => {
  it('publishes only the latest value per key at the cadence', () => {
    const { clock, pub, published, update } = setup();
    pub.start();
    update('A'); // first value: significant, goes out at once
    clock.advance(0);
    expect(published).toEqual([{ key: 'A', version: 1 }]);
    for (let i = 0; i < 1000; i++) update('A', 100 + i * 1e-6);
    update('B');
    clock.advance(0);
    expect(published.at(-1)).toEqual({ key: 'B', version: 1 });
    const before = published.length;
    clock.advance(100);
    // 1000 small updates collapsed into one publish of the newest version.
    expect(published.slice(before)).toEqual([{ key: 'A', version: 1001 }]);
    clock.advance(100);
    expect(published.length).toBe(before + 1); // nothing changed, nothing sent
  });

  it('publishes immediately on a significant mid move or spread change, never inside notify', () => {
    const { clock, pub, published, update } = setup({ cadenceMs: 1000 });
    pub.start();
    update('A', 100, 1);
    clock.advance(0);
    expect(published).toHaveLength(1);
    update('A', 100.04, 1); // 4 bps: below the 5 bps threshold
    clock.advance(0);
    expect(published).toHaveLength(1);
    update('A', 100.06, 1); // 6 bps from the last published mid
    expect(published).toHaveLength(1); // deferred off the ingest call stack
    clock.advance(0);
    expect(published.at(-1)).toEqual({ key: 'A', version: 3 });
    update('A', 100.06, 3.5); // spread +2.5 bps
    clock.advance(0);
    expect(published.at(-1)).toEqual({ key: 'A', version: 4 });
  });

  it('republishes an idle key after idleRepublishMs', () => {
    const { clock, pub, published, update } = setup({ idleRepublishMs: 1000 });
    pub.start();
    update('A');
    clock.advance(0);
    clock.advance(900);
    expect(published).toHaveLength(1);
    clock.advance(200);
    expect(published).toHaveLength(2);
  });

  it('keeps one call in flight per key and then sends only the newest value', async () => {
    const { clock, pub, published, update, release } = setup({ asyncSink: true });
    pub.start();
    update('A');
    clock.advance(0);
    expect(published).toHaveLength(1);
    for (let i = 0; i < 50; i++) {
      update('A', 200 + i); // significant every time
      clock.advance(100);
    }
    expect(published).toHaveLength(1); // the sink is still busy
    release();
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(0);
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual({ key: 'A', version: 51 });
  });

  it('reports publish latency as the age of the newest data at completion', () => {
    const { clock, pub, latencies, update } = setup();
    pub.start();
    update('A');
    clock.advance(0);
    expect(latencies).toEqual([0]);
    clock.advance(30);
    update('A', 100); // not significant: waits for the cadence tick at +100
    clock.advance(100);
    expect(latencies.at(-1)).toBe(70);
  });

  it('skips keys whose source has no value and stops cleanly', () => {
    const { clock, pub, published } = setup();
    pub.start();
    pub.notify('missing', { mid: 1, spreadBps: 1 });
    clock.advance(500);
    expect(published).toHaveLength(0);
    pub.stop();
    expect(clock.pending()).toBe(0);
  });
});
