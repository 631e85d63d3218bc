import type { BybitOrderbookMessage } from '../common/venue-types.js';

type Side = Map<string, string>;

function topLevels(side: Side, descending: boolean, depth: number): [string, string][] {
  const entries = [...side.entries()].map(([p, s]) => ({ p, n: Number(p), s }));
  entries.sort((x, y) => (descending ? y.n - x.n : x.n - y.n));
  return entries.slice(0, depth).map((e) => [e.p, e.s]);
}

function diff(prev: [string, string][], next: [string, string][], descending: boolean): [string, string][] {
  const before = new Map(prev);
  const after = new Map(next);
  const out: [string, string][] = [];
  for (const [p] of prev) if (!after.has(p)) out.push([p, '0']);
  for (const [p, s] of next) if (before.get(p) !== s) out.push([p, s]);
  out.sort((x, y) => (descending ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));
  return out;
}

/**
 * Turns a deep Bybit book stream (e.g. the `orderbook.500` archive) into what a shallower topic
 * (`orderbook.50`) would carry: a snapshot of the best `depth` levels, then for each source message
 * the changes to that view, including deletes for levels pushed out of it and inserts for levels
 * that moved into it. Messages that leave the view unchanged are skipped (Bybit pushes only on
 * change) and `u` is renumbered consecutively from the first source `u`, as on a real topic.
 *
 * Reference-grade, not fast: it is used to build replay inputs, not on the ingest path.
 */
export function toDepthStream(
  messages: readonly BybitOrderbookMessage[],
  depth: number,
): BybitOrderbookMessage[] {
  const bids: Side = new Map();
  const asks: Side = new Map();
  let viewBids: [string, string][] = [];
  let viewAsks: [string, string][] = [];
  const out: BybitOrderbookMessage[] = [];
  let u = 0;
  for (const m of messages) {
    const symbol = m.data.s;
    if (m.type === 'snapshot') {
      bids.clear();
      asks.clear();
    }
    for (const [p, s] of m.data.b) {
      if (Number(s) === 0) bids.delete(p);
      else bids.set(p, s);
    }
    for (const [p, s] of m.data.a) {
      if (Number(s) === 0) asks.delete(p);
      else asks.set(p, s);
    }
    const nextBids = topLevels(bids, true, depth);
    const nextAsks = topLevels(asks, false, depth);
    const topic = `orderbook.${depth}.${symbol}`;
    const base = { topic, ts: m.ts, ...(m.cts !== undefined ? { cts: m.cts } : {}) };
    if (m.type === 'snapshot' || out.length === 0) {
      u = m.data.u;
      out.push({
        ...base,
        type: 'snapshot',
        data: { s: symbol, b: nextBids, a: nextAsks, u, seq: m.data.seq },
      });
    } else {
      const b = diff(viewBids, nextBids, true);
      const a = diff(viewAsks, nextAsks, false);
      if (b.length > 0 || a.length > 0) {
        u += 1;
        out.push({ ...base, type: 'delta', data: { s: symbol, b, a, u, seq: m.data.seq } });
      }
    }
    viewBids = nextBids;
    viewAsks = nextAsks;
  }
  return out;
}
