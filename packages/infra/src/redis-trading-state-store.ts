import type { Redis } from 'ioredis';
import {
  tradingStateRecordFromJson,
  type TradingState,
  type TradingStateChange,
  type TradingStateRecord,
  type TradingStateStore,
} from '@tranche/engine';

/** The change log every replica appends to: one entry per trading-state change, with who and why. */
export const TRADING_STATE_STREAM = 'tranche:risk:trading-state';
/** Current state per scope: field `global`, or the symbol. */
export const TRADING_STATE_HASH = 'tranche:risk:trading-state:current';

/** Hash field of the global scope; symbols are upper case, so it cannot collide with one. */
const GLOBAL_FIELD = 'global';

// Read the previous state, write the new one and log the change in one script, so the log never
// misses a change or records one that did not happen, whatever other replicas do at the same time.
// With ARGV[8] = '1' the write only happens when the new state is stricter (automatic escalation).
const SET = `
local rank = { ACTIVE = 0, REDUCING = 1, HALTED = 2 }
local from = 'ACTIVE'
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then
  local ok, rec = pcall(cjson.decode, prev)
  if ok and type(rec) == 'table' and rank[rec.state] then from = rec.state else from = 'HALTED' end
end
if ARGV[8] == '1' and rank[ARGV[3]] <= rank[from] then return false end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*',
  'scope', ARGV[1], 'from', from, 'to', ARGV[3], 'reason', ARGV[4], 'by', ARGV[5], 'at', ARGV[6])
return from
`;

/**
 * Trading states in Redis, shared by every risk replica: a hash of the current state per scope and a
 * capped stream of every change. Read on every validation, so a halt set through one replica applies
 * on all of them from the next child on.
 */
export class RedisTradingStateStore implements TradingStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly hash = TRADING_STATE_HASH,
    private readonly stream = TRADING_STATE_STREAM,
    private readonly maxLen = 100_000,
  ) {}

  async read(symbol: string): Promise<{ global: TradingStateRecord; symbol: TradingStateRecord }> {
    const [g, s] = await this.redis.hmget(this.hash, GLOBAL_FIELD, field(symbol));
    return { global: tradingStateRecordFromJson(g), symbol: tradingStateRecordFromJson(s) };
  }

  async readAll(): Promise<{ global: TradingStateRecord; symbols: Map<string, TradingStateRecord> }> {
    const all = await this.redis.hgetall(this.hash);
    const symbols = new Map<string, TradingStateRecord>();
    for (const [k, v] of Object.entries(all))
      if (k !== GLOBAL_FIELD) symbols.set(k, tradingStateRecordFromJson(v));
    return { global: tradingStateRecordFromJson(all[GLOBAL_FIELD] ?? null), symbols };
  }

  set(scope: string, record: TradingStateRecord): Promise<TradingStateChange> {
    return this.write(scope, record, false) as Promise<TradingStateChange>;
  }

  escalate(scope: string, record: TradingStateRecord): Promise<TradingStateChange | undefined> {
    return this.write(scope, record, true);
  }

  /** The change log, newest first. */
  async history(count = 100): Promise<Array<Record<string, string>>> {
    const rows = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', count);
    return rows.map(([id, fields]) => {
      const o: Record<string, string> = { id };
      for (let i = 0; i + 1 < fields.length; i += 2) o[fields[i] as string] = fields[i + 1] as string;
      return o;
    });
  }

  private async write(
    scope: string,
    record: TradingStateRecord,
    onlyIfStricter: boolean,
  ): Promise<TradingStateChange | undefined> {
    const from = await this.redis.eval(
      SET,
      2,
      this.hash,
      this.stream,
      field(scope),
      JSON.stringify(record),
      record.state,
      record.reason,
      record.changedBy,
      record.changedAtMs,
      this.maxLen,
      onlyIfStricter ? '1' : '0',
    );
    // nil: an escalation that found the scope already as strict; nothing changed.
    if (typeof from !== 'string') return undefined;
    return { ...record, scope, from: from as TradingState };
  }
}

function field(scope: string): string {
  return scope === '' ? GLOBAL_FIELD : scope;
}
