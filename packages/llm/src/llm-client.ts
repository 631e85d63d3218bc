import type { ChatMessage } from './prompt.js';

export interface LlmCallRequest {
  messages: ChatMessage[];
  signal?: AbortSignal;
}

/** A model's answer as it came back, before any validation. */
export interface LlmCallResult {
  content: string | null;
  refusal: string | null;
  finishReason: string | null;
  /** The model that answered, as the server names it. */
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** Wall time of the whole call, retries and back-off included. */
  latencyMs: number;
  attempts: number;
}

export type LlmErrorKind =
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'client-error'
  | 'network'
  | 'circuit-open'
  | 'concurrency-limit'
  | 'token-budget';

/** A call that produced no answer. The message never carries a key or a header. */
export class LlmCallError extends Error {
  readonly code = 'LLM_CALL_FAILED';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; attempts: number; latencyMs: number; retryAfterMs?: number },
  ) {
    super(message);
    this.name = 'LlmCallError';
  }

  /** Limits we impose on ourselves say nothing about the model's health. */
  get countsAgainstBreaker(): boolean {
    return this.kind !== 'concurrency-limit' && this.kind !== 'token-budget' && this.kind !== 'circuit-open';
  }
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** The model behind a port: the advisor never knows which SDK, server or stub answers. */
export interface LlmClient {
  readonly model: string;
  complete(request: LlmCallRequest): Promise<LlmCallResult>;
  breakerState(): BreakerState;
}
