import { loadConfig, positiveMs, readSecret, z, type Env } from '@tranche/config';
import type { TokenPrices } from './cost.js';
import { DEFAULT_ADVICE_LIMITS, type AdviceLimits } from './limits.js';
import { DEFAULT_OPENAI_CLIENT_OPTIONS } from './openai-client.js';
import { DEFAULT_ADVISOR_OPTIONS } from './advisor.js';

/** Everything the LLM policy is configured with; the key is held here and nowhere else. */
export interface LlmSettings {
  /** Undefined: no model is configured and the heuristic serves every slice. */
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  breakerFailures: number;
  breakerHalfOpenMs: number;
  maxConcurrency: number;
  tokensPerMinute: number;
  maxOutputTokens: number;
  temperature: number | undefined;
  prices: TokenPrices;
  limits: AdviceLimits;
  refreshEveryMs: number;
  adviceMinTtlMs: number;
  adviceMaxTtlMs: number;
  significantMoveBps: number;
  newsFile: string | undefined;
  auditMaxLen: number;
}

const positive = (d: number, max: number, unit: string) =>
  z.coerce.number().positive('must be > 0').max(max, `must be at most ${max} ${unit}`).default(d);
const count = (d: number, min: number, max: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(d);

/**
 * The variables the LLM policy reads (OpenAI's own names for the client, LLM_* for the rest). An
 * OpenAI-compatible server is any base URL: a gateway, vLLM, Ollama, LM Studio or the stub.
 */
export const LLM_CONFIG_SHAPE = {
  OPENAI_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL such as http://127.0.0.1:11434/v1')
    .optional(),
  OPENAI_MODEL: z
    .string()
    .regex(/^[A-Za-z0-9._:/@+-]{1,200}$/, 'must be a model name such as gpt-4o-mini')
    .default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: positiveMs(DEFAULT_OPENAI_CLIENT_OPTIONS.timeoutMs),
  LLM_MAX_RETRIES: count(DEFAULT_OPENAI_CLIENT_OPTIONS.maxRetries, 0, 10),
  LLM_BREAKER_FAILURES: count(DEFAULT_OPENAI_CLIENT_OPTIONS.breakerFailures, 1, 1000),
  LLM_BREAKER_HALF_OPEN_MS: positiveMs(DEFAULT_OPENAI_CLIENT_OPTIONS.breakerHalfOpenMs),
  LLM_MAX_CONCURRENCY: count(DEFAULT_OPENAI_CLIENT_OPTIONS.maxConcurrency, 1, 1000),
  LLM_TOKENS_PER_MINUTE: count(DEFAULT_OPENAI_CLIENT_OPTIONS.tokensPerMinute, 100, 100_000_000),
  LLM_MAX_OUTPUT_TOKENS: count(DEFAULT_OPENAI_CLIENT_OPTIONS.maxOutputTokens, 50, 100_000),
  LLM_TEMPERATURE: z
    .union([z.literal('default'), z.coerce.number().min(0).max(2, 'must be in [0, 2]')])
    .default(DEFAULT_OPENAI_CLIENT_OPTIONS.temperature),
  LLM_PRICE_INPUT_USD_PER_MTOK: z.coerce.number().min(0).max(10_000).default(0.15),
  LLM_PRICE_OUTPUT_USD_PER_MTOK: z.coerce.number().min(0).max(10_000).default(0.6),
  LLM_PRICE_BAND_BPS: positive(DEFAULT_ADVICE_LIMITS.priceBandBps, 10_000, 'bps'),
  LLM_MAX_RATE: z.coerce.number().gt(1, 'must be > 1').max(4, 'must be at most 4').default(3),
  LLM_MIN_RATE: z.coerce.number().gt(0, 'must be > 0').lt(1, 'must be < 1').default(0.25),
  LLM_MAX_WAIT_S: positive(DEFAULT_ADVICE_LIMITS.maxWaitSecs, 600, 's'),
  LLM_AGGRESSIVE_OFFSET_BPS: positive(DEFAULT_ADVICE_LIMITS.aggressiveOffsetBps, 1000, 'bps'),
  LLM_REFRESH_MS: positiveMs(DEFAULT_ADVISOR_OPTIONS.refreshEveryMs),
  LLM_ADVICE_MIN_TTL_MS: positiveMs(DEFAULT_ADVISOR_OPTIONS.adviceMinTtlMs),
  LLM_ADVICE_MAX_TTL_MS: positiveMs(DEFAULT_ADVISOR_OPTIONS.adviceMaxTtlMs),
  LLM_SIGNIFICANT_MOVE_BPS: positive(DEFAULT_ADVISOR_OPTIONS.significantMoveBps, 10_000, 'bps'),
  LLM_NEWS_FILE: z.string().min(1).optional(),
  LLM_AUDIT_MAXLEN: count(100_000, 100, 100_000_000),
};

export function loadLlmSettings(service: string, env: Env = process.env): LlmSettings {
  const c = loadConfig(service, LLM_CONFIG_SHAPE, env);
  return {
    apiKey: readSecret(service, 'OPENAI_API_KEY', env),
    baseURL: c.OPENAI_BASE_URL,
    model: c.OPENAI_MODEL,
    timeoutMs: c.LLM_TIMEOUT_MS,
    maxRetries: c.LLM_MAX_RETRIES,
    breakerFailures: c.LLM_BREAKER_FAILURES,
    breakerHalfOpenMs: c.LLM_BREAKER_HALF_OPEN_MS,
    maxConcurrency: c.LLM_MAX_CONCURRENCY,
    tokensPerMinute: c.LLM_TOKENS_PER_MINUTE,
    maxOutputTokens: c.LLM_MAX_OUTPUT_TOKENS,
    temperature: c.LLM_TEMPERATURE === 'default' ? undefined : c.LLM_TEMPERATURE,
    prices: { inputPerMTok: c.LLM_PRICE_INPUT_USD_PER_MTOK, outputPerMTok: c.LLM_PRICE_OUTPUT_USD_PER_MTOK },
    limits: {
      ...DEFAULT_ADVICE_LIMITS,
      priceBandBps: c.LLM_PRICE_BAND_BPS,
      maxRate: c.LLM_MAX_RATE,
      minRate: c.LLM_MIN_RATE,
      maxWaitSecs: c.LLM_MAX_WAIT_S,
      aggressiveOffsetBps: c.LLM_AGGRESSIVE_OFFSET_BPS,
    },
    refreshEveryMs: c.LLM_REFRESH_MS,
    adviceMinTtlMs: c.LLM_ADVICE_MIN_TTL_MS,
    adviceMaxTtlMs: c.LLM_ADVICE_MAX_TTL_MS,
    significantMoveBps: c.LLM_SIGNIFICANT_MOVE_BPS,
    newsFile: c.LLM_NEWS_FILE,
    auditMaxLen: c.LLM_AUDIT_MAXLEN,
  };
}

/** Settings with their key removed: what may be logged or shown in /readyz. */
export function describeSettings(s: LlmSettings): Record<string, unknown> {
  return {
    model: s.apiKey ? s.model : '',
    configured: Boolean(s.apiKey),
    baseURL: s.baseURL ?? 'https://api.openai.com/v1',
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
    tokensPerMinute: s.tokensPerMinute,
    maxConcurrency: s.maxConcurrency,
  };
}
