import {
  isTradingState,
  NEVER_SET,
  strictestTradingState,
  type TradingState,
  type TradingStateRecord,
} from '@tranche/execution-core';

export type { TradingState, TradingStateRecord } from '@tranche/execution-core';

/** The scope of the global trading state; per-symbol scopes are the symbol itself. */
export const GLOBAL_SCOPE = '';

/** One change of a trading state, as the change log keeps it. */
export interface TradingStateChange extends TradingStateRecord {
  /** '' for global, else the symbol. */
  scope: string;
  from: TradingState;
}

/**
 * Where the trading states live. Every risk replica must see the same ones (a kill switch that only
 * one replica knows about is no kill switch), so production uses the Redis adapter; this port keeps
 * the validator free of I/O and testable in memory.
 */
export interface TradingStateStore {
  /** The global record and the symbol's; a scope never set reads as ACTIVE (NEVER_SET). */
  read(symbol: string): Promise<{ global: TradingStateRecord; symbol: TradingStateRecord }>;
  /** The global record and every symbol that has one. */
  readAll(): Promise<{ global: TradingStateRecord; symbols: Map<string, TradingStateRecord> }>;
  /** Sets a scope ('' = global) and appends the change to the log, as one step. */
  set(scope: string, record: TradingStateRecord): Promise<TradingStateChange>;
  /**
   * Sets a scope only when `record.state` is stricter than its current state, as one step, so replicas
   * that see the same market at once log one change. Returns the change, or undefined when none.
   */
  escalate(scope: string, record: TradingStateRecord): Promise<TradingStateChange | undefined>;
}

/** In-process trading states for the embedded mode and tests; one process only. */
export class MemoryTradingStateStore implements TradingStateStore {
  private readonly records = new Map<string, TradingStateRecord>();
  /** Every change in order, as the Redis adapter's stream would hold them. */
  readonly log: TradingStateChange[] = [];

  async read(symbol: string): Promise<{ global: TradingStateRecord; symbol: TradingStateRecord }> {
    return { global: this.get(GLOBAL_SCOPE), symbol: this.get(symbol) };
  }

  async readAll(): Promise<{ global: TradingStateRecord; symbols: Map<string, TradingStateRecord> }> {
    const symbols = new Map([...this.records].filter(([scope]) => scope !== GLOBAL_SCOPE));
    return { global: this.get(GLOBAL_SCOPE), symbols };
  }

  async set(scope: string, record: TradingStateRecord): Promise<TradingStateChange> {
    const change = { ...record, scope, from: this.get(scope).state };
    this.records.set(scope, { ...record });
    this.log.push(change);
    return change;
  }

  async escalate(scope: string, record: TradingStateRecord): Promise<TradingStateChange | undefined> {
    const current = this.get(scope).state;
    if (strictestTradingState(current, record.state) === current) return undefined;
    return this.set(scope, record);
  }

  private get(scope: string): TradingStateRecord {
    return this.records.get(scope) ?? NEVER_SET;
  }
}

/**
 * A record as an adapter stored it (JSON text), checked. Nothing stored reads as ACTIVE; a value that
 * cannot be read reads as HALTED: for a kill switch failing closed is the safe side, and an operator's
 * next command overwrites it.
 */
export function tradingStateRecordFromJson(raw: string | null | undefined): TradingStateRecord {
  if (raw === null || raw === undefined) return NEVER_SET;
  try {
    const r = JSON.parse(raw) as Partial<Record<keyof TradingStateRecord, unknown>> | null;
    if (r && isTradingState(r.state))
      return {
        state: r.state,
        reason: typeof r.reason === 'string' ? r.reason : '',
        changedBy: typeof r.changedBy === 'string' ? r.changedBy : '',
        changedAtMs: typeof r.changedAtMs === 'number' && Number.isFinite(r.changedAtMs) ? r.changedAtMs : 0,
      };
  } catch {
    // Not JSON: read as unreadable below.
  }
  return {
    state: 'HALTED',
    reason: `stored trading state is unreadable: ${raw.slice(0, 100)}`,
    changedBy: '',
    changedAtMs: 0,
  };
}
