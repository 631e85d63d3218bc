import { readFileSync } from 'node:fs';

/** A headline as the prompt quotes it. Its text is untrusted: it may be false or carry instructions. */
export interface Headline {
  id: string;
  tsMs: number;
  source: string;
  title: string;
  /** Symbols it concerns; empty for market-wide news. */
  symbols: string[];
}

/** Where the advisor reads recent headlines from. */
export interface NewsSource {
  recent(symbol: string, nowMs: number): Headline[];
}

export interface NewsFeedOptions {
  /** Headlines kept in memory. */
  capacity: number;
  /** Headlines older than this are not shown to the model. */
  maxAgeMs: number;
  /** Headlines per prompt. */
  perPrompt: number;
}

export const DEFAULT_NEWS_OPTIONS: NewsFeedOptions = {
  capacity: 200,
  maxAgeMs: 6 * 3_600_000,
  perPrompt: 5,
};

/**
 * The latest headlines in memory, fed by the news.v1.headline subject or a file. A headline with
 * symbols reaches only the prompts of those symbols; one without reaches every prompt. Headlines
 * from the future (relative to the clock the advisor runs on) are not shown, so a backtest never
 * sees news before it happened.
 */
export class NewsFeed implements NewsSource {
  private readonly items: Headline[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: NewsFeedOptions = DEFAULT_NEWS_OPTIONS) {}

  add(h: Headline): void {
    if (!h.title || this.seen.has(h.id)) return;
    this.seen.add(h.id);
    this.items.push(h);
    this.items.sort((a, b) => a.tsMs - b.tsMs);
    while (this.items.length > this.options.capacity) {
      const dropped = this.items.shift();
      if (dropped) this.seen.delete(dropped.id);
    }
  }

  get size(): number {
    return this.items.length;
  }

  recent(symbol: string, nowMs: number): Headline[] {
    return this.items
      .filter(
        (h) =>
          h.tsMs <= nowMs &&
          nowMs - h.tsMs <= this.options.maxAgeMs &&
          (h.symbols.length === 0 || h.symbols.includes(symbol)),
      )
      .slice(-this.options.perPrompt);
  }
}

/**
 * Headlines from a file: a JSON array, or one JSON object per line, each with `title` and optionally
 * `ts` (ms or ISO time), `source`, `symbols` and `id`. Lines that are not such objects are skipped
 * and counted, so one bad line does not lose the rest.
 */
export function readHeadlinesFile(path: string): { headlines: Headline[]; skipped: number } {
  const text = readFileSync(path, 'utf8').trim();
  let rows: unknown[];
  if (text.startsWith('[')) rows = JSON.parse(text) as unknown[];
  else
    rows = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return undefined;
        }
      });
  const headlines: Headline[] = [];
  let skipped = 0;
  rows.forEach((r, i) => {
    const h = headlineFromJson(r, `${path}#${i}`);
    if (h) headlines.push(h);
    else skipped++;
  });
  return { headlines, skipped };
}

export function headlineFromJson(r: unknown, fallbackId: string): Headline | undefined {
  if (typeof r !== 'object' || r === null) return undefined;
  const o = r as Record<string, unknown>;
  if (typeof o.title !== 'string' || o.title.trim() === '') return undefined;
  const ts =
    typeof o.ts === 'number' ? o.ts : typeof o.ts === 'string' ? Date.parse(o.ts) : Number.NEGATIVE_INFINITY;
  return {
    id: typeof o.id === 'string' && o.id ? o.id : fallbackId,
    tsMs: Number.isFinite(ts) ? ts : 0,
    source: typeof o.source === 'string' ? o.source : '',
    title: o.title,
    symbols: Array.isArray(o.symbols) ? o.symbols.filter((s): s is string => typeof s === 'string') : [],
  };
}
