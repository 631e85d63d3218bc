import type { marketdata } from '@tranche/contracts';

/** A market source's own view of whether its data can be traded on. */
export interface SourceHealth {
  ready: boolean;
  /** Why not, one line per symbol and cause, for operators reading /readyz. */
  problems: string[];
  detail: Record<string, unknown>;
}

export interface ReadinessInput {
  now: number;
  /** MD_STALE_AFTER_MS: a snapshot whose book is older than this is not tradeable. */
  staleAfterMs: number;
  symbols: readonly string[];
  latest: ReadonlyMap<string, marketdata.MarketSnapshot>;
  natsConnected: boolean;
  source: SourceHealth;
}

export interface Readiness {
  ok: boolean;
  detail: Record<string, unknown>;
}

/**
 * /readyz for market-data. Ready only when every configured symbol has a published snapshot whose
 * book is younger than the limit and the source says its books are usable now. A process that is
 * up and connected but serving a frozen or invalid book is not ready: the router would price
 * orders off a market that has moved on.
 */
export function marketDataReadiness(input: ReadinessInput): Readiness {
  const problems: string[] = [];
  if (!input.natsConnected) problems.push('NATS connection closed');
  const published: Record<string, { ageMs: number; bookUpdatedAt: number } | null> = {};
  for (const symbol of input.symbols) {
    const s = input.latest.get(symbol);
    if (s === undefined) {
      published[symbol] = null;
      problems.push(`${symbol}: no snapshot published yet`);
      continue;
    }
    const bookUpdatedAt = Number(s.bookUpdatedAt);
    const ageMs = Math.max(0, input.now - bookUpdatedAt);
    published[symbol] = { ageMs, bookUpdatedAt };
    if (!(bookUpdatedAt > 0) || ageMs > input.staleAfterMs) {
      problems.push(
        `${symbol}: latest snapshot's book is ${ageMs} ms old (MD_STALE_AFTER_MS=${input.staleAfterMs})`,
      );
    }
  }
  if (!input.source.ready) problems.push(...input.source.problems);
  return {
    ok: problems.length === 0,
    detail: {
      problems,
      staleAfterMs: input.staleAfterMs,
      symbols: input.symbols,
      published,
      ...input.source.detail,
    },
  };
}
