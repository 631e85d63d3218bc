import type { Redis } from 'ioredis';

export type CallOutcome = 'used' | 'refused' | 'late' | 'error';

/** One model call as audited: what was asked, what came back, what it cost and what became of it. */
export interface LlmAuditRecord {
  tsMs: number;
  parentId: string;
  traceId: string;
  sliceIndex: number;
  templateId: string;
  promptHash: string;
  model: string;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  outcome: CallOutcome;
  /** Why the answer was refused, late or failed; empty when used. */
  reason: string;
  /** The system and user messages as sent, JSON. */
  prompt: string;
  /** The model's message content (or refusal) as received; empty on error. */
  response: string;
  attempts: number;
}

/** Where audit records go; best effort: an audit failure never changes a decision. */
export interface LlmAuditSink {
  record(entry: LlmAuditRecord): Promise<void>;
}

/** The audit trail in memory (embedded mode and tests), redacted like the Redis one. */
export class MemoryLlmAudit implements LlmAuditSink {
  readonly records: LlmAuditRecord[] = [];
  constructor(private readonly secrets: readonly string[] = []) {}
  async record(entry: LlmAuditRecord): Promise<void> {
    this.records.push({
      ...entry,
      reason: redactSecrets(entry.reason, this.secrets),
      prompt: redactSecrets(entry.prompt, this.secrets),
      response: redactSecrets(entry.response, this.secrets),
    });
  }
}

/**
 * Replaces every configured secret (and anything shaped like an API key or a bearer token) before a
 * record leaves the process. The prompt is built from market data and never holds a key, but an error
 * message from a proxy might echo a header back.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, '[redacted]')
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]');
}

/**
 * The audit trail in a capped Redis stream (default tranche:llm:audit): one entry per model call,
 * whatever its outcome. Secrets are redacted from every field before it is written.
 */
export class RedisLlmAudit implements LlmAuditSink {
  constructor(
    private readonly redis: Redis,
    private readonly secrets: readonly string[],
    private readonly stream = 'tranche:llm:audit',
    private readonly maxLen = 100_000,
  ) {}

  async record(e: LlmAuditRecord): Promise<void> {
    const fields: Array<string | number> = [];
    for (const [k, v] of Object.entries(toFields(e))) fields.push(k, redactSecrets(String(v), this.secrets));
    await this.redis.xadd(this.stream, 'MAXLEN', '~', this.maxLen, '*', ...fields);
  }

  async recent(count = 100): Promise<Array<Record<string, string>>> {
    const rows = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', count);
    return rows.map(([, f]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i + 1 < f.length; i += 2) o[f[i] as string] = f[i + 1] as string;
      return o;
    });
  }
}

/** Stream field names in the snake case the rest of the audit streams use. */
export function toFields(e: LlmAuditRecord): Record<string, string | number> {
  return {
    ts: e.tsMs,
    parent_id: e.parentId,
    trace_id: e.traceId,
    slice: e.sliceIndex,
    template_id: e.templateId,
    prompt_hash: e.promptHash,
    model: e.model,
    latency_ms: Math.round(e.latencyMs),
    tokens_in: e.tokensIn,
    tokens_out: e.tokensOut,
    cost_usd: e.costUsd.toFixed(8),
    outcome: e.outcome,
    reason: e.reason,
    attempts: e.attempts,
    prompt: e.prompt,
    response: e.response,
  };
}
