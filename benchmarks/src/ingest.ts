/**
 * Ingest benchmark: recorded Bybit orderbook messages through the in-process ingest path of
 * @tranche/bybit (JSON.parse, parse, book apply, per-message feature state, publisher change
 * check, and full feature snapshots at the publishing cadence), against JSON.parse alone.
 *
 * Input: the Bybit ob500 archive sample (XRPUSDT, 1 snapshot + 49 deltas) from ../shared/data,
 * converted to the orderbook.50 stream it implies (best 50 levels, deltas = changes to that view),
 * serialised back to JSON strings. The converted stream is replayed in a loop; each cycle starts with
 * its snapshot, so the mix is about 1 snapshot per 45 deltas. Delta-only throughput is also timed.
 *
 * Run: pnpm --filter @tranche/bybit build && (cd benchmarks && npx swc src -d dist
 *      --strip-leading-paths --config-file ../.swcrc) && node benchmarks/dist/ingest.js
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as BybitModule from '@tranche/bybit';

type Bybit = typeof BybitModule;

const here = dirname(fileURLToPath(import.meta.url));
const sample = resolve(here, '../../../shared/data/bybit/bybit_linear_XRPUSDT_2024-12-01_ob500.data.zip');

/** orderbook.50 pushes every 20 ms and snapshots publish every 100 ms: one feature build per 5 messages. */
const COMPUTE_EVERY = 5;
const ROUNDS = 7;
const ROUND_MS = 600;

interface Variant {
  name: string;
  /** Runs for about `ms`, returns ingest and JSON.parse-only rates (messages per second). */
  run: (ms: number) => { ingest: number; json: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  if (!existsSync(sample)) {
    console.log(`skipped: Bybit archive sample not found at ${sample}`);
    return;
  }
  let bybit: Bybit;
  try {
    // Loaded dynamically so a missing build gets a readable message instead of a resolution error.
    bybit = (await import('@tranche/bybit')) as Bybit;
  } catch {
    console.log('skipped: build @tranche/bybit first (pnpm --filter @tranche/bybit build)');
    return;
  }
  const deep = bybit
    .readBybitArchiveLines(sample)
    .map((l) => JSON.parse(l) as BybitModule.BybitOrderbookMessage);
  const stream = bybit.toDepthStream(deep, 50);
  const lines50 = stream.map((m) => JSON.stringify(m));
  const deltaLines = lines50.slice(1);
  const snapshotLine = lines50[0]!;
  const lines500 = deep.map((m) => JSON.stringify(m));
  const avgLevels = (ms: BybitModule.BybitOrderbookMessage[]) =>
    ms.reduce((n, m) => n + m.data.b.length + m.data.a.length, 0) / ms.length;
  const avgBytes = (ls: string[]) => ls.reduce((n, l) => n + l.length, 0) / ls.length;

  /** A fresh ingest path as the live feed wires it, minus the socket. */
  function makePath(depth: BybitModule.BookDepth) {
    const publisher = new bybit.SnapshotPublisher<BybitModule.MarketFeatures>({
      source: (symbol) => pipeline.state(symbol)?.features.compute(Date.now()),
      sink: () => undefined,
    });
    const pipeline = new bybit.IngestPipeline({
      symbols: ['XRPUSDT'],
      depth,
      hooks: {
        onBookApplied: (state) =>
          publisher.notify(state.symbol, { mid: state.book.midPrice(), spreadBps: state.book.spreadBps() }),
        onResyncNeeded: (symbol, reason) => {
          throw new Error(`unexpected resync of ${symbol}: ${reason}`);
        },
      },
    });
    const state = pipeline.state('XRPUSDT')!;
    return { pipeline, features: state.features, book: state.book };
  }

  let sink = 0; // keeps results observable so no work is optimised away

  /** One ingest pass over `lines` (a whole recorded cycle, starting with its snapshot). */
  const ingestCycle = (lines: string[], depth: BybitModule.BookDepth, computeEvery: number) => {
    const path = makePath(depth);
    let n = 0;
    return () => {
      const p = path.pipeline;
      for (let i = 0; i < lines.length; i++) {
        p.handle(JSON.parse(lines[i]!));
        if (computeEvery > 0 && ++n % computeEvery === 0)
          sink += path.features.compute(Date.now())!.spreadBps;
      }
    };
  };
  const jsonCycle = (lines: string[]) => () => {
    for (let i = 0; i < lines.length; i++) sink += (JSON.parse(lines[i]!) as { ts: number }).ts & 1;
  };

  /**
   * Paired timing: one ingest cycle, then JSON.parse alone over the same strings, alternating, each
   * timed separately. Load from other processes then hits both sides alike, which keeps the ratio
   * meaningful on a shared machine even when absolute rates move.
   */
  function paired(lines: string[], ingest: () => void, ms: number): { ingest: number; json: number } {
    const json = jsonCycle(lines);
    let tIngest = 0n;
    let tJson = 0n;
    let count = 0;
    const until = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
    while (process.hrtime.bigint() < until) {
      let t0 = process.hrtime.bigint();
      ingest();
      tIngest += process.hrtime.bigint() - t0;
      t0 = process.hrtime.bigint();
      json();
      tJson += process.hrtime.bigint() - t0;
      count += lines.length;
    }
    return { ingest: count / (Number(tIngest) / 1e9), json: count / (Number(tJson) / 1e9) };
  }

  // Deltas only: the snapshot that starts each cycle is applied outside the timed region.
  function deltaOnly(ms: number): { ingest: number; json: number } {
    const path = makePath(50);
    let n = 0;
    const json = jsonCycle(deltaLines);
    let tIngest = 0n;
    let tJson = 0n;
    let count = 0;
    const until = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
    while (process.hrtime.bigint() < until) {
      path.pipeline.handle(JSON.parse(snapshotLine));
      let t0 = process.hrtime.bigint();
      for (let i = 0; i < deltaLines.length; i++) {
        path.pipeline.handle(JSON.parse(deltaLines[i]!));
        if (++n % COMPUTE_EVERY === 0) sink += path.features.compute(Date.now())!.spreadBps;
      }
      tIngest += process.hrtime.bigint() - t0;
      t0 = process.hrtime.bigint();
      json();
      tJson += process.hrtime.bigint() - t0;
      count += deltaLines.length;
    }
    return { ingest: count / (Number(tIngest) / 1e9), json: count / (Number(tJson) / 1e9) };
  }

  const variants: Variant[] = [
    { name: 'stream50', run: (ms) => paired(lines50, ingestCycle(lines50, 50, COMPUTE_EVERY), ms) },
    { name: 'delta50', run: (ms) => deltaOnly(ms) },
    { name: 'stream50_no_build', run: (ms) => paired(lines50, ingestCycle(lines50, 50, 0), ms) },
    { name: 'stream50_build_every_msg', run: (ms) => paired(lines50, ingestCycle(lines50, 50, 1), ms) },
    { name: 'ob500', run: (ms) => paired(lines500, ingestCycle(lines500, 500, COMPUTE_EVERY), ms) },
  ];

  // Warm-up so every variant runs optimised code before timing.
  for (const v of variants) v.run(300);

  const results = new Map<string, { ingest: number[]; json: number[]; ratio: number[] }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants) {
      const x = v.run(ROUND_MS);
      const list = results.get(v.name) ?? { ingest: [], json: [], ratio: [] };
      list.ingest.push(x.ingest);
      list.json.push(x.json);
      list.ratio.push(x.json / x.ingest);
      results.set(v.name, list);
    }
  }
  const fmt = (x: number) => Math.round(x).toString();
  const med = (name: string, k: 'ingest' | 'json' | 'ratio') => median(results.get(name)![k]);
  const line = (prefix: string, name: string) =>
    `${prefix}ingest_msgs_per_s=${fmt(med(name, 'ingest'))} ${prefix}json_parse_floor_msgs_per_s=${fmt(med(name, 'json'))} ` +
    `${prefix}ratio=${med(name, 'ratio').toFixed(2)}`;

  console.log(`input: ${sample}`);
  console.log(
    `stream: orderbook.50 derived from ob500, ${lines50.length} messages per cycle (1 snapshot + ${deltaLines.length} deltas), ` +
      `avg ${avgLevels(stream.slice(1)).toFixed(1)} levels / ${avgBytes(deltaLines).toFixed(0)} bytes per delta`,
  );
  console.log(
    `path: JSON.parse + parse + L2Book.apply + FeatureEngine.onBook + metrics + publisher change check;`,
  );
  console.log(
    `      full MarketFeatures built every ${COMPUTE_EVERY} messages (100 ms cadence / 20 ms orderbook.50 pushes)`,
  );
  console.log(
    `node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms per variant, ingest and JSON.parse timed in alternation, medians`,
  );
  console.log(`ingest_msgs_per_s=${fmt(med('stream50', 'ingest'))}`);
  console.log(`json_parse_floor_msgs_per_s=${fmt(med('stream50', 'json'))}`);
  console.log(`ratio=${med('stream50', 'ratio').toFixed(2)}`);
  console.log(line('delta_only_', 'delta50'));
  console.log(line('no_feature_build_', 'stream50_no_build'));
  console.log(line('feature_build_every_msg_', 'stream50_build_every_msg'));
  console.log(
    `ob500_raw (avg ${avgLevels(deep.slice(1)).toFixed(1)} levels per delta): ${line('ob500_', 'ob500')}`,
  );
  if (sink === 0.5) console.log('');
}

await main();
