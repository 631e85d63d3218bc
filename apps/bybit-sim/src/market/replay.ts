import { MarketDataError } from '../core/errors.js';
import type { MarketEvent, MarketSource } from './events.js';
import { MergedSource } from './events.js';
import { LineReader, readTextFile } from './files.js';

/**
 * Replay of recorded market data. Each format is parsed lazily, line by line, into the common
 * MarketEvent stream; formats:
 *  - binance-hftbacktest: `<local ns> <combined-stream JSON>` lines (depth diffs, trades,
 *    bookTicker) plus one REST depth snapshot line that seeds the book;
 *  - tardis-trades / tardis-quotes: Tardis.dev CSVs (timestamps in microseconds);
 *  - bybit-orderbook: Bybit's archive `.data` JSON lines (orderbook topic snapshot/delta);
 *  - bybit-trades: Bybit's public trade CSV (timestamp in seconds).
 */
export type ReplayFormat =
  'binance-hftbacktest' | 'tardis-trades' | 'tardis-quotes' | 'bybit-orderbook' | 'bybit-trades';

export interface ReplayFileSpec {
  path: string;
  format?: ReplayFormat;
  /** Symbol name on the simulator (default: the symbol in the data, e.g. BTCUSDT). */
  symbol?: string;
}

abstract class LineSource implements MarketSource {
  abstract readonly name: string;
  private readonly pending: MarketEvent[] = [];
  private head = 0;
  protected readonly reader: LineReader;
  private done = false;
  /** Lines read so far (for the benchmark's floor and for diagnostics). */
  lines = 0;

  constructor(
    readonly path: string,
    text: string,
    readonly symbols: readonly string[],
  ) {
    this.reader = new LineReader(text);
  }

  protected abstract parse(line: string, out: MarketEvent[]): void;

  private fill(): void {
    while (this.head >= this.pending.length && !this.done) {
      this.pending.length = 0;
      this.head = 0;
      const line = this.reader.next();
      if (line === undefined) {
        this.done = true;
        return;
      }
      this.lines++;
      this.parse(line, this.pending);
    }
  }

  peekTime(): number | undefined {
    this.fill();
    return this.head < this.pending.length ? this.pending[this.head]!.ts : undefined;
  }

  next(): MarketEvent | undefined {
    this.fill();
    return this.head < this.pending.length ? this.pending[this.head++] : undefined;
  }
}

function levels(raw: unknown): Array<[number, number]> {
  const arr = raw as Array<[string, string]>;
  const out: Array<[number, number]> = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const l = arr[i]!;
    out[i] = [+l[0], +l[1]];
  }
  return out;
}

/** `<ns>` → ms with sub-ms precision kept (a double cannot hold ns epochs exactly). */
function nsToMs(ns: string): number {
  return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
}

interface BinanceMsg {
  stream?: string;
  data?: Record<string, unknown>;
  lastUpdateId?: number;
  bids?: unknown;
  asks?: unknown;
}

export class BinanceHftbacktestSource extends LineSource {
  readonly name: string;
  private snapshotId: number | undefined;

  constructor(
    path: string,
    text: string,
    private readonly symbol: string,
  ) {
    super(path, text, [symbol]);
    this.name = `binance-hftbacktest:${path.split('/').pop()}`;
  }

  protected parse(line: string, out: MarketEvent[]): void {
    const sp = line.indexOf(' ');
    if (sp < 0) return;
    const ts = nsToMs(line.slice(0, sp));
    const msg = JSON.parse(line.slice(sp + 1)) as BinanceMsg;
    const symbol = this.symbol;
    if (msg.lastUpdateId !== undefined) {
      this.snapshotId = msg.lastUpdateId;
      out.push({
        kind: 'depth',
        ts,
        symbol,
        snapshot: true,
        bids: levels(msg.bids),
        asks: levels(msg.asks),
        updateId: msg.lastUpdateId,
      });
      return;
    }
    const stream = msg.stream ?? '';
    const d = msg.data;
    if (!d) return;
    if (stream.includes('@depth')) {
      // Diffs up to the snapshot's lastUpdateId are already in it (Binance's sync rule).
      const u = d.u as number;
      if (this.snapshotId === undefined || u <= this.snapshotId) return;
      out.push({
        kind: 'depth',
        ts,
        symbol,
        snapshot: false,
        bids: levels(d.b),
        asks: levels(d.a),
        updateId: u,
      });
    } else if (stream.includes('@bookTicker')) {
      out.push({
        kind: 'bbo',
        ts,
        symbol,
        bid: +(d.b as string),
        bidQty: +(d.B as string),
        ask: +(d.a as string),
        askQty: +(d.A as string),
        updateId: d.u as number,
      });
    } else if (stream.includes('@trade') || stream.includes('@aggTrade')) {
      if (d.X !== undefined && d.X !== 'MARKET') return;
      // m = buyer is the maker, so the aggressor sold.
      out.push({
        kind: 'trade',
        ts,
        symbol,
        price: +(d.p as string),
        qty: +(d.q as string),
        side: d.m ? 'Sell' : 'Buy',
        id: String(d.t ?? d.a),
      });
    }
  }
}

class CsvSource extends LineSource {
  readonly name: string;
  private cols: Record<string, number> | undefined;
  constructor(
    path: string,
    text: string,
    symbol: string,
    private readonly format: 'tardis-trades' | 'tardis-quotes' | 'bybit-trades',
  ) {
    super(path, text, [symbol]);
    this.name = `${format}:${path.split('/').pop()}`;
  }

  protected parse(line: string, out: MarketEvent[]): void {
    const f = line.split(',');
    if (!this.cols) {
      this.cols = {};
      f.forEach((c, i) => (this.cols![c.trim()] = i));
      const need =
        this.format === 'tardis-trades'
          ? ['timestamp', 'side', 'price', 'amount']
          : this.format === 'tardis-quotes'
            ? ['timestamp', 'bid_price', 'bid_amount', 'ask_price', 'ask_amount']
            : ['timestamp', 'side', 'size', 'price'];
      const missing = need.filter((c) => this.cols![c] === undefined);
      if (missing.length)
        throw new MarketDataError(`${this.path}: ${this.format} CSV lacks columns ${missing.join(', ')}`);
      return;
    }
    const c = this.cols;
    const symbol = this.symbols[0]!;
    const g = (k: string): string => f[c[k]!] ?? '';
    if (this.format === 'tardis-trades') {
      out.push({
        kind: 'trade',
        ts: +g('timestamp') / 1000,
        symbol,
        price: +g('price'),
        qty: +g('amount'),
        side: g('side') === 'sell' ? 'Sell' : 'Buy',
        id: c.id !== undefined ? g('id') : undefined,
      });
    } else if (this.format === 'tardis-quotes') {
      out.push({
        kind: 'bbo',
        ts: +g('timestamp') / 1000,
        symbol,
        bid: +g('bid_price'),
        bidQty: +g('bid_amount'),
        ask: +g('ask_price'),
        askQty: +g('ask_amount'),
      });
    } else {
      out.push({
        kind: 'trade',
        ts: +g('timestamp') * 1000,
        symbol,
        price: +g('price'),
        qty: +g('size'),
        side: g('side') === 'Sell' ? 'Sell' : 'Buy',
        id: c.trdMatchID !== undefined ? g('trdMatchID') : undefined,
      });
    }
  }
}

interface BybitObLine {
  topic?: string;
  type?: string;
  ts?: number;
  data?: { s?: string; b?: unknown; a?: unknown; u?: number };
}

class BybitOrderbookSource extends LineSource {
  readonly name: string;
  constructor(
    path: string,
    text: string,
    private readonly symbol: string,
  ) {
    super(path, text, [symbol]);
    this.name = `bybit-orderbook:${path.split('/').pop()}`;
  }
  protected parse(line: string, out: MarketEvent[]): void {
    const m = JSON.parse(line) as BybitObLine;
    if (!m.data || m.ts === undefined) return;
    // u=1 is Bybit's restart snapshot: it replaces the book like any snapshot.
    const snapshot = m.type === 'snapshot' || m.data.u === 1;
    out.push({
      kind: 'depth',
      ts: m.ts,
      symbol: this.symbol,
      snapshot,
      bids: levels(m.data.b ?? []),
      asks: levels(m.data.a ?? []),
      updateId: m.data.u,
    });
  }
}

function detectFormat(path: string, text: string): ReplayFormat {
  const head = text.slice(0, 400);
  if (/^\d{15,} \{/.test(head)) return 'binance-hftbacktest';
  if (head.startsWith('{"topic":"orderbook')) return 'bybit-orderbook';
  if (head.startsWith('exchange,symbol,timestamp,local_timestamp,id,side')) return 'tardis-trades';
  if (head.startsWith('exchange,symbol,timestamp,local_timestamp,ask_amount')) return 'tardis-quotes';
  if (head.startsWith('timestamp,symbol,side,size,price')) return 'bybit-trades';
  throw new MarketDataError(
    `${path}: unknown market data format; pass format explicitly (${['binance-hftbacktest', 'tardis-trades', 'tardis-quotes', 'bybit-orderbook', 'bybit-trades'].join(', ')})`,
  );
}

function detectSymbol(format: ReplayFormat, text: string): string {
  const head = text.slice(0, 2000);
  let m: RegExpExecArray | null = null;
  if (format === 'binance-hftbacktest') m = /"s":"([A-Z0-9]+)"/.exec(head);
  else if (format === 'bybit-orderbook') m = /"s":"([A-Z0-9]+)"/.exec(head);
  else {
    const second = head.split('\n')[1] ?? '';
    m = /^[^,]*,([A-Z0-9]+),/.exec(second) ?? /^[^,]+,([A-Z0-9]+),/.exec(second);
  }
  if (!m?.[1]) throw new MarketDataError(`cannot find the symbol in the data; pass symbol explicitly`);
  return m[1];
}

export function createFileSource(spec: ReplayFileSpec): MarketSource & { lines: number } {
  const text = readTextFile(spec.path);
  const format = spec.format ?? detectFormat(spec.path, text);
  const symbol = spec.symbol ?? detectSymbol(format, text);
  switch (format) {
    case 'binance-hftbacktest':
      return new BinanceHftbacktestSource(spec.path, text, symbol);
    case 'bybit-orderbook':
      return new BybitOrderbookSource(spec.path, text, symbol);
    default:
      return new CsvSource(spec.path, text, symbol, format);
  }
}

/** Files that continue each other (e.g. two days of one capture) played one after the other. */
export class ChainedSource implements MarketSource {
  readonly name: string;
  readonly symbols: readonly string[];
  private i = 0;
  constructor(private readonly parts: MarketSource[]) {
    this.name = parts.map((p) => p.name).join('>');
    this.symbols = [...new Set(parts.flatMap((p) => p.symbols))];
  }
  peekTime(): number | undefined {
    while (this.i < this.parts.length) {
      const t = this.parts[this.i]!.peekTime();
      if (t !== undefined) return t;
      this.i++;
    }
    return undefined;
  }
  next(): MarketEvent | undefined {
    return this.peekTime() === undefined ? undefined : this.parts[this.i]!.next();
  }
}

/**
 * Build a replay from files. Files of the same symbol and the same kind are chained in the given
 * order; different kinds (trades + quotes) or symbols are merged by timestamp.
 */
export function createReplaySource(files: ReplayFileSpec[]): MarketSource {
  if (files.length === 0) throw new MarketDataError('replay needs at least one file');
  const groups = new Map<string, MarketSource[]>();
  for (const f of files) {
    const src = createFileSource(f);
    const key = `${src.symbols[0]}|${src.name.split(':')[0]}`;
    const g = groups.get(key) ?? [];
    g.push(src);
    groups.set(key, g);
  }
  const parts = [...groups.values()].map((g) => (g.length === 1 ? g[0]! : new ChainedSource(g)));
  return parts.length === 1 ? parts[0]! : new MergedSource(parts);
}
