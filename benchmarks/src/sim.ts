/**
 * Simulator benchmark (`node benchmarks/dist/sim.js`, after building apps/bybit-sim):
 *   replay_events_per_s  market events replayed through the venue core (parse + book + tape)
 *   match_orders_per_s   orders through the venue core (validation, matching, ledger, account)
 * Each figure comes with a floor measured in the same run on the same input (JSON.parse of the
 * same file's lines / the same order bodies), so the ratio is comparable across machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

type SimModule = typeof import('../../apps/bybit-sim/src/index.js');

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const CAPTURE = resolve(root, '../shared/data/binance/hftbacktest_binance-usdm_btcusdt_20240808.gz');

function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, value };
}

async function main(): Promise<void> {
  const distIndex = resolve(root, 'apps/bybit-sim/dist/index.js');
  if (!existsSync(distIndex)) {
    throw new Error('apps/bybit-sim/dist is missing: run `pnpm --filter @tranche/bybit-sim build` first');
  }
  const sim = (await import(distIndex)) as SimModule;
  const out: string[] = [];

  // ---- replay
  let replayLine: string;
  if (existsSync(CAPTURE)) {
    // Floor: read and gunzip the same file and JSON.parse each line, which the replay must do too.
    const floor = best(3, () => {
      const text = gunzipSync(readFileSync(CAPTURE)).toString('utf8');
      let n = 0;
      for (const line of text.split('\n')) {
        const sp = line.indexOf(' ');
        if (sp > 0) {
          JSON.parse(line.slice(sp + 1));
          n++;
        }
      }
      return n;
    });
    const run = best(3, () => {
      const source = sim.createReplaySource([{ path: CAPTURE, symbol: 'BTCUSDT' }]);
      const clock = new sim.ManualClock(source.peekTime() ?? 0);
      const venue = new sim.Venue({ clock, source, symbols: ['BTCUSDT'] });
      let n = 0;
      for (;;) {
        const t = venue.sourcePeekTime();
        if (t === undefined) break;
        clock.set(t);
        n += venue.advanceTo(t + 1000);
      }
      return n;
    });
    const eps = (run.value / run.ms) * 1000;
    const fps = (floor.value / floor.ms) * 1000;
    replayLine = `replay_events_per_s=${eps.toFixed(0)} replay_events=${run.value} floor_json_parse_lines_per_s=${fps.toFixed(0)} replay_ratio=${(eps / fps).toFixed(2)} (source: binance usdm capture)`;
  } else {
    replayLine = 'replay_events_per_s=n/a (../shared/data capture absent)';
  }
  out.push(replayLine);

  // ---- matching
  const N = 20_000;
  const t0 = Date.UTC(2026, 0, 5, 14);
  const bodies: string[] = [];
  for (let i = 0; i < N; i++) {
    const side = i % 2 ? 'Buy' : 'Sell';
    const p =
      i % 4 === 0
        ? {
            category: 'linear',
            symbol: 'BTCUSDT',
            side,
            orderType: 'Market',
            qty: '0.010',
            orderLinkId: `b-${i}`,
          }
        : {
            category: 'linear',
            symbol: 'BTCUSDT',
            side,
            orderType: 'Limit',
            qty: '0.010',
            price: side === 'Buy' ? '59000.0' : '61000.0',
            orderLinkId: `b-${i}`,
          };
    bodies.push(JSON.stringify(p));
  }
  const mfloor = best(3, () => {
    let n = 0;
    for (const b of bodies) n += Object.keys(JSON.parse(b) as object).length > 0 ? 1 : 0;
    return n;
  });
  const match = best(3, () => {
    const source = new sim.SyntheticSource({ symbol: 'BTCUSDT', startTime: t0, seed: 1 });
    const clock = new sim.ManualClock(t0);
    const venue = new sim.Venue({
      clock,
      source,
      symbols: ['BTCUSDT'],
      initialBalanceUsdt: 1e12,
      leverage: 100,
    });
    clock.set(t0 + 1000);
    venue.advanceTo(t0 + 1000);
    let ok = 0;
    for (let i = 0; i < N; i++) {
      const p = JSON.parse(bodies[i]!) as Record<string, unknown>;
      const r = venue.createOrder(p);
      // Keep the resting book bounded like a real algo would: cancel what rests.
      if (p.orderType === 'Limit')
        venue.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: r.orderId });
      ok++;
      if (i % 100 === 0) {
        clock.set(clock.now() + 250);
        venue.advanceTo(clock.now());
      }
    }
    if (venue.ledger.snapshot().violations.length > 0)
      throw new Error('ledger violations in the benchmark run');
    return ok;
  });
  const ops = (match.value / match.ms) * 1000;
  const fops = (mfloor.value / mfloor.ms) * 1000;
  out.push(
    `match_orders_per_s=${ops.toFixed(0)} orders=${match.value} floor_json_parse_orders_per_s=${fops.toFixed(0)} match_ratio=${(ops / fops).toFixed(4)}`,
  );
  for (const l of out) console.log(l);
}

main().catch((e: unknown) => {
  console.error(`bench:sim failed: ${(e as Error).message}`);
  process.exitCode = 1;
});
