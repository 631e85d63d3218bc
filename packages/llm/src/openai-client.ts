import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { DECISION_RESPONSE_FORMAT } from './answer-schema.js';
import {
  LlmCallError,
  type BreakerState,
  type LlmCallRequest,
  type LlmCallResult,
  type LlmClient,
  type LlmErrorKind,
} from './llm-client.js';
import { estimateTokens, TokenBudget } from './token-budget.js';

export interface OpenAiClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible server: a gateway, vLLM, Ollama, LM Studio, the stub. */
  baseURL?: string;
  model: string;
  /** Wall-time budget of one call, retries and back-off included. */
  timeoutMs: number;
  /** Retries after the first attempt, on 429 and 5xx only. */
  maxRetries: number;
  /** First back-off, doubled on each retry (with jitter) unless the server sends retry-after. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failed calls that open the circuit. */
  breakerFailures: number;
  /** How long the circuit stays open before one probe call is let through. */
  breakerHalfOpenMs: number;
  /** Calls in flight at once; more are refused at once rather than queued behind a slow model. */
  maxConcurrency: number;
  tokensPerMinute: number;
  maxOutputTokens: number;
  /** Omitted from the request when undefined (some reasoning models accept no other than their default). */
  temperature?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_OPENAI_CLIENT_OPTIONS = {
  timeoutMs: 10_000,
  maxRetries: 2,
  retryBaseMs: 250,
  retryMaxMs: 4_000,
  breakerFailures: 5,
  breakerHalfOpenMs: 30_000,
  maxConcurrency: 4,
  tokensPerMinute: 200_000,
  maxOutputTokens: 400,
  temperature: 0,
} as const;

const TIMER_SLACK_MS = 5;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The model through the official SDK's Chat Completions with a strict JSON-schema response format.
 * The SDK's own retries are off: it would also retry 408/409 and lost connections, and without
 * regard for our deadline. Here a call retries only 429 and 5xx, with back-off (the server's
 * retry-after when it sends one), and only while the back-off and another attempt still fit in
 * timeoutMs. Around that, a consecutive-failure circuit breaker (cockatiel) stops calling a model
 * that is down and probes it half-open; a bulkhead caps calls in flight and a token budget caps
 * tokens per minute, both refusing at once rather than queueing.
 */
export class OpenAiLlmClient implements LlmClient {
  readonly model: string;
  private readonly sdk: OpenAI;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly budget: TokenBudget;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: OpenAiClientOptions) {
    this.model = options.model;
    this.sdk = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof LlmCallError && err.countsAgainstBreaker),
      {
        halfOpenAfter: options.breakerHalfOpenMs,
        breaker: new ConsecutiveBreaker(options.breakerFailures),
      },
    );
    this.bulkhead = bulkhead(options.maxConcurrency, 0);
    this.now = options.now ?? Date.now;
    this.budget = new TokenBudget(options.tokensPerMinute, this.now);
    this.sleep = options.sleep ?? defaultSleep;
  }

  breakerState(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'OPEN';
      case CircuitState.HalfOpen:
        return 'HALF_OPEN';
      default:
        return 'CLOSED';
    }
  }

  async complete(request: LlmCallRequest): Promise<LlmCallResult> {
    const t0 = this.now();
    const estimate =
      request.messages.reduce((s, m) => s + estimateTokens(m.content), 0) + this.options.maxOutputTokens;
    const reservation = this.budget.tryReserve(estimate);
    if (reservation === undefined)
      throw new LlmCallError(
        'token-budget',
        `the ${this.options.tokensPerMinute} tokens-per-minute budget has ${this.budget.available} left, the call needs up to ${estimate}`,
        { attempts: 0, latencyMs: 0 },
      );
    let result: LlmCallResult | undefined;
    try {
      result = await this.bulkhead.execute(() =>
        this.breaker.execute(() => this.withRetries(request, t0), request.signal),
      );
      return result;
    } catch (err) {
      if (err instanceof LlmCallError) throw err;
      if (err instanceof BrokenCircuitError)
        throw new LlmCallError('circuit-open', 'the circuit is open after consecutive failures', {
          attempts: 0,
          latencyMs: this.now() - t0,
        });
      if (err instanceof BulkheadRejectedError)
        throw new LlmCallError(
          'concurrency-limit',
          `${this.options.maxConcurrency} calls are already in flight`,
          { attempts: 0, latencyMs: 0 },
        );
      throw err;
    } finally {
      this.budget.settle(reservation, result ? result.tokensIn + result.tokensOut : 0);
    }
  }

  private async withRetries(request: LlmCallRequest, t0: number): Promise<LlmCallResult> {
    const deadline = t0 + this.options.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const left = deadline - this.now();
      if (left <= 0)
        throw new LlmCallError('timeout', `no answer within ${this.options.timeoutMs} ms`, {
          attempts: attempt - 1,
          latencyMs: this.now() - t0,
        });
      const attemptStart = this.now();
      try {
        const completion = await this.sdk.chat.completions.create(
          {
            model: this.options.model,
            messages: request.messages,
            response_format: DECISION_RESPONSE_FORMAT,
            max_completion_tokens: this.options.maxOutputTokens,
            ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
          },
          { timeout: left, maxRetries: 0, ...(request.signal ? { signal: request.signal } : {}) },
        );
        const choice = completion.choices[0];
        return {
          content: choice?.message?.content ?? null,
          refusal: choice?.message?.refusal ?? null,
          finishReason: choice?.finish_reason ?? null,
          model: completion.model || this.options.model,
          tokensIn: completion.usage?.prompt_tokens ?? 0,
          tokensOut: completion.usage?.completion_tokens ?? 0,
          latencyMs: this.now() - t0,
          attempts: attempt,
        };
      } catch (err) {
        // Some fetch implementations report their own abort as a plain connection error: one that
        // happens as the attempt's time runs out is the timeout.
        const timedOut =
          err instanceof APIConnectionError && this.now() - attemptStart >= left - TIMER_SLACK_MS;
        const failure = timedOut
          ? new LlmCallError('timeout', `no answer within ${this.options.timeoutMs} ms`, {
              attempts: attempt,
              latencyMs: this.now() - t0,
            })
          : classify(err, attempt, this.now() - t0, this.options.timeoutMs);
        const retryable = failure.kind === 'rate-limited' || failure.kind === 'server-error';
        if (!retryable || attempt > this.options.maxRetries) throw failure;
        const backoff = Math.min(
          this.options.retryMaxMs,
          this.options.retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2),
        );
        const wait = failure.details.retryAfterMs ?? backoff;
        // Another attempt needs time of its own after the wait; when none is left, give up now
        // rather than answer after the caller has stopped listening.
        if (this.now() + wait >= deadline)
          throw new LlmCallError(
            failure.kind,
            `${failure.message}; no time left in the ${this.options.timeoutMs} ms budget to retry after ${Math.round(wait)} ms`,
            failure.details,
          );
        await this.sleep(wait);
      }
    }
  }
}

/** The SDK's error as one of our kinds, with the status and retry-after when the server sent them. */
function classify(err: unknown, attempts: number, latencyMs: number, timeoutMs: number): LlmCallError {
  const d = { attempts, latencyMs };
  if (err instanceof LlmCallError) return err;
  if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError)
    return new LlmCallError('timeout', `no answer within ${timeoutMs} ms`, d);
  if (err instanceof APIConnectionError)
    return new LlmCallError('network', `cannot reach the model server: ${err.message}`, d);
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const kind: LlmErrorKind =
      status === 429 ? 'rate-limited' : status >= 500 ? 'server-error' : 'client-error';
    const retryAfterMs = retryAfter(err.headers);
    return new LlmCallError(kind, `HTTP ${status} from the model server: ${oneLine(err.message)}`, {
      ...d,
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new LlmCallError('network', oneLine((err as Error)?.message ?? String(err)), d);
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const s = headers?.get('retry-after');
  if (!s) return undefined;
  if (Number.isFinite(Number(s))) return Math.max(0, Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 300);
