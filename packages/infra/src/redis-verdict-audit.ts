import type { Redis } from 'ioredis';
import { risk } from '@tranche/contracts';

/**
 * Append-only audit of every risk verdict (a Redis stream, capped): which
 * child, what was decided and why. The stream id orders verdicts in time.
 */
export class RedisVerdictAudit {
  constructor(
    private readonly redis: Redis,
    private readonly stream = 'tranche:risk:audit',
    private readonly maxLen = 1_000_000,
  ) {}

  async record(request: risk.IRiskRequest, verdict: risk.RiskVerdict): Promise<void> {
    await this.redis.xadd(
      this.stream,
      'MAXLEN',
      '~',
      this.maxLen,
      '*',
      'verdict_id',
      verdict.verdictId,
      'parent_id',
      request.parentId ?? '',
      'child_id',
      request.childId ?? '',
      'symbol',
      request.symbol ?? '',
      'requested_qty',
      request.quantity ?? '',
      'decision',
      risk.RiskDecision[verdict.decision] ?? String(verdict.decision),
      'allowed_qty',
      verdict.quantity,
      'reasons',
      JSON.stringify(verdict.reasons.map((r) => ({ code: r.code, message: r.message }))),
      // What else the verdict decided, so an audit row explains a pause or a halt on its own.
      'trading_state',
      risk.TradingState[verdict.tradingState] ?? String(verdict.tradingState),
      'pause_parent',
      verdict.pauseParent ? '1' : '0',
      'book_walk_cost_bps',
      String(verdict.bookWalkCostBps ?? 0),
      'evaluated_by',
      verdict.evaluatedBy ?? '',
    );
  }

  async recent(count = 100): Promise<Array<Record<string, string>>> {
    const rows = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', count);
    return rows.map(([, fields]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) o[fields[i] as string] = fields[i + 1] as string;
      return o;
    });
  }
}
