import type { HeuristicDecider, Logger } from '@tranche/engine';
import type { AdviceStore } from './advice-store.js';
import { DEFAULT_ADVISOR_OPTIONS, LlmAdvisor, type AdvisorOptions } from './advisor.js';
import type { LlmAuditSink } from './audit.js';
import type { LlmClient } from './llm-client.js';
import { LlmMetrics } from './metrics.js';
import type { NewsSource } from './news.js';
import { OpenAiLlmClient } from './openai-client.js';
import type { ParentSource } from './parent-view.js';
import type { LlmSettings } from './settings.js';
import type { TradeSource } from './trade-tape.js';

/** The SDK client the settings describe; undefined when no key is configured. */
export function openAiClientFrom(settings: LlmSettings): LlmClient | undefined {
  if (!settings.apiKey) return undefined;
  return new OpenAiLlmClient({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    model: settings.model,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    retryBaseMs: 250,
    retryMaxMs: 4_000,
    breakerFailures: settings.breakerFailures,
    breakerHalfOpenMs: settings.breakerHalfOpenMs,
    maxConcurrency: settings.maxConcurrency,
    tokensPerMinute: settings.tokensPerMinute,
    maxOutputTokens: settings.maxOutputTokens,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
  });
}

export interface AdvisorParts {
  heuristic: HeuristicDecider;
  store: AdviceStore;
  audit: LlmAuditSink;
  metrics?: LlmMetrics;
  /** Defaults to the SDK client the settings describe. */
  client?: LlmClient;
  parents?: ParentSource;
  trades?: TradeSource;
  news?: NewsSource;
  logger?: Logger;
  timing?: AdvisorOptions['timing'];
}

export function createAdvisor(settings: LlmSettings, parts: AdvisorParts): LlmAdvisor {
  const client = parts.client ?? openAiClientFrom(settings);
  return new LlmAdvisor(
    {
      ...(client ? { client } : {}),
      heuristic: parts.heuristic,
      store: parts.store,
      audit: parts.audit,
      metrics: parts.metrics ?? new LlmMetrics(),
      ...(parts.parents ? { parents: parts.parents } : {}),
      ...(parts.trades ? { trades: parts.trades } : {}),
      ...(parts.news ? { news: parts.news } : {}),
      ...(parts.logger ? { logger: parts.logger } : {}),
    },
    {
      ...DEFAULT_ADVISOR_OPTIONS,
      limits: settings.limits,
      prices: settings.prices,
      refreshEveryMs: settings.refreshEveryMs,
      adviceMinTtlMs: settings.adviceMinTtlMs,
      adviceMaxTtlMs: settings.adviceMaxTtlMs,
      significantMoveBps: settings.significantMoveBps,
      timing: parts.timing ?? 'realtime',
      callBudgetMs: settings.timeoutMs,
      awaitInFlightMs: settings.timeoutMs + 1_000,
    },
  );
}
