import { decision, sideFromWire } from '@tranche/contracts';
import type { HeuristicDecider, Logger } from '@tranche/engine';
import { Dec } from '@tranche/execution-core';
import { context, SpanKind, SpanStatusCode, withSpan, type Context, type Span } from '@tranche/telemetry';
import { performance } from 'node:perf_hooks';
import {
  emptyCounters,
  MAX_HISTORY,
  type AdviceStore,
  type CounterDelta,
  type ParentCounters,
  type ParentMemory,
  type StoredAdvice,
} from './advice-store.js';
import { adviceToWire, answerOf, isAdaptation, summarizeDecision } from './advice-wire.js';
import {
  parseModelOutput,
  refusalText,
  validateModelAnswer,
  type AnswerContext,
  type Refusal,
} from './answer-validation.js';
import type { CallOutcome, LlmAuditSink } from './audit.js';
import { costUsd, type TokenPrices } from './cost.js';
import { LlmCallError, type BreakerState, type LlmCallResult, type LlmClient } from './llm-client.js';
import type { AdviceLimits } from './limits.js';
import type { LlmMetrics } from './metrics.js';
import type { NewsSource } from './news.js';
import type { ParentSource, ParentView } from './parent-view.js';
import { buildPrompt, type PreviousDecision, type PromptInput, type PromptTrade } from './prompt.js';
import type { TradeSource } from './trade-tape.js';

export interface AdvisorOptions {
  limits: AdviceLimits;
  prices: TokenPrices;
  /** Ask the model again after this much clock time, even when its advice is still valid. */
  refreshEveryMs: number;
  /** Advice stays valid for two slice intervals, but never less than this... */
  adviceMinTtlMs: number;
  /** ...nor more than this. */
  adviceMaxTtlMs: number;
  /** A mid move (bps) since the advice's market that overtakes it. */
  significantMoveBps: number;
  /** A spread or volatility this many times the advice's overtakes it too. */
  spreadJumpFactor: number;
  volatilityJumpFactor: number;
  /** After a failed or refused call, the next call waits this much clock time. */
  retryAfterFailureMs: number;
  /**
   * realtime: decide answers at once; advice arrives when it arrives. market-time (embedded mode and
   * backtests, on a clock that only moves when the router sleeps): decide first lets a call already
   * in flight finish (the clock stands still meanwhile, so no market time passes), then uses its
   * advice only from the market time it would have arrived: requested-at plus the call's latency.
   */
  timing: 'realtime' | 'market-time';
  /** market-time: longest wall time decide waits for a call in flight. */
  awaitInFlightMs: number;
  /** Wall time a call (retries included) may take; the refresh claim is held this long. */
  callBudgetMs: number;
}

export const DEFAULT_ADVISOR_OPTIONS: Omit<AdvisorOptions, 'limits' | 'prices'> = {
  refreshEveryMs: 30_000,
  adviceMinTtlMs: 60_000,
  adviceMaxTtlMs: 15 * 60_000,
  significantMoveBps: 15,
  spreadJumpFactor: 2,
  volatilityJumpFactor: 1.5,
  retryAfterFailureMs: 5_000,
  timing: 'realtime',
  awaitInFlightMs: 15_000,
  callBudgetMs: 10_000,
};

export interface AdvisorDeps {
  /** Undefined when no model is configured: every slice is the heuristic's, and says so. */
  client?: LlmClient;
  heuristic: HeuristicDecider;
  store: AdviceStore;
  audit: LlmAuditSink;
  metrics: LlmMetrics;
  parents?: ParentSource;
  trades?: TradeSource;
  news?: NewsSource;
  logger?: Logger;
}

/** Stable kinds of "why not the model's advice", for counters; the text says the particulars. */
export type FallbackKind =
  | 'no-model'
  | 'no-parent-id'
  | 'no-advice-yet'
  | 'model-pending'
  | 'call-failed'
  | 'answer-refused'
  | 'answer-late'
  | 'not-arrived'
  | 'expired'
  | 'consumed'
  | 'market-moved'
  | 'overtaken'
  | 'store-unavailable';

/** Parents whose last call outcome this replica keeps, for the reason it gives when falling back. */
const MAX_REMEMBERED_PARENTS = 10_000;

type Served =
  | { ok: true; decision: decision.ExecutionDecision; stored: StoredAdvice; changed: boolean }
  | { ok: false; kind: FallbackKind; reason: string };

interface LastOutcome {
  outcome: CallOutcome;
  reason: string;
  atMs: number;
}

/**
 * The decision policy with an LLM off the critical path. decide() never waits for the model: it
 * answers from the parent's latest valid advice (shared by replicas through the AdviceStore) or, when
 * there is none, from the heuristic, saying why in fallback_reason. Refreshing the advice happens
 * beside it: on a cadence, when the market moved significantly since the advice, when the advice
 * expired or was used up; one call per parent at a time across replicas. Every answer is validated
 * (schema, ranges, the action allowed now, quantity against what remains, limit price inside the band)
 * when it arrives and again each time it is served, against the state of that moment.
 */
export class LlmAdvisor {
  private readonly inFlight = new Map<string, { startedAtMs: number; done: Promise<void> }>();
  private readonly lastOutcome = new Map<string, LastOutcome>();
  private readonly liquidations = new Map<string, Array<{ minute: number; flow: number }>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: AdvisorDeps,
    readonly options: AdvisorOptions,
  ) {}

  get model(): string {
    return this.deps.client?.model ?? '';
  }

  /** The circuit to the model; undefined when no model is configured. */
  breakerState(): BreakerState | undefined {
    return this.deps.client?.breakerState();
  }

  async decide(request: decision.DecisionRequest, nowMs: number): Promise<decision.ExecutionDecision> {
    const t0 = performance.now();
    // The heuristic runs every slice, even when the model's advice is served: it keeps its view of
    // what is typical for the symbol current, and it validates the request (throwing on a bad one).
    const heuristic = this.deps.heuristic.decide(request, nowMs);
    this.sampleLiquidations(request, nowMs);
    const parentId = request.parentId;
    if (!parentId) {
      return this.finish(t0, request, undefined, this.fallback(heuristic, 'no-parent-id', 'no parent id'), {
        ok: false,
        kind: 'no-parent-id',
        reason: 'the request names no parent',
      });
    }
    if (!this.deps.client) {
      const reason = 'no LLM is configured (OPENAI_API_KEY is not set)';
      return this.finish(t0, request, parentId, this.fallback(heuristic, 'no-model', reason), {
        ok: false,
        kind: 'no-model',
        reason,
      });
    }
    if (this.options.timing === 'market-time') await this.awaitEarlierCall(parentId, nowMs);

    let stored: Awaited<ReturnType<AdviceStore['read']>>;
    try {
      stored = await this.deps.store.read(parentId);
    } catch (err) {
      // Without the store there is no shared advice to serve; the slice still gets an answer.
      const reason = `the advice store cannot be read: ${(err as Error).message}`;
      return this.finish(t0, request, undefined, this.fallback(heuristic, 'store-unavailable', reason), {
        ok: false,
        kind: 'store-unavailable',
        reason,
      });
    }
    const { advice, memory: before } = stored;
    const served = this.serve(advice, request, nowMs, before);
    const wire = served.ok ? served.decision : this.fallback(heuristic, served.kind, served.reason);
    const memory = this.remember(before, request, nowMs, wire);
    const trigger = this.refreshTrigger(advice, served, request, nowMs, memory);
    if (trigger) {
      memory.lastRefreshAtMs = nowMs;
      this.startRefresh(request, nowMs, memory, trigger, context.active());
    }
    const adapted = isAdaptation(wire, request.baselineQuantity);
    const count: CounterDelta = { slices: 1, llmSlices: served.ok ? 1 : 0, adaptations: adapted ? 1 : 0 };
    if (!served.ok) count.fallback = served.kind;
    this.background(
      this.deps.store.write(parentId, {
        memory,
        count,
        ...(served.ok && served.changed
          ? { advice: { value: served.stored, ttlMs: this.storeTtl(served.stored.validUntilMs, nowMs) } }
          : {}),
      }),
    );
    return this.finish(t0, request, undefined, wire, served);
  }

  /** Counters for one parent (shared by replicas), as the wire's LlmStats. */
  async stats(parentId: string): Promise<decision.LlmStats> {
    const c = parentId ? await this.deps.store.counters(parentId) : this.totals();
    return decision.LlmStats.create({
      parentId,
      slices: c.slices,
      llmSlices: c.llmSlices,
      fallbackRate: c.slices ? (c.slices - c.llmSlices) / c.slices : 0,
      adaptations: c.adaptations,
      calls: c.calls,
      ok: c.ok,
      refused: c.refused,
      late: c.late,
      errors: c.errors,
      tokensIn: c.tokensIn,
      tokensOut: c.tokensOut,
      costUsd: c.costMicroUsd / 1e6,
      fallbackReasons: c.fallbacks,
      model: this.model,
      breakerState: this.deps.client?.breakerState() ?? '',
    });
  }

  /** Wait for every refresh and store write started so far (end of a backtest, shutdown, tests). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private totals(): ParentCounters {
    const m = this.deps.metrics;
    const c = emptyCounters();
    c.slices = m.slices.llm + m.slices.heuristic;
    c.llmSlices = m.slices.llm;
    c.adaptations = m.adaptations;
    c.ok = m.outcomes.used;
    c.refused = m.outcomes.refused;
    c.late = m.outcomes.late;
    c.errors = m.outcomes.error;
    c.calls = c.ok + c.refused + c.late + c.errors;
    c.tokensIn = m.tokensIn;
    c.tokensOut = m.tokensOut;
    c.costMicroUsd = Math.round(m.costUsd * 1e6);
    c.fallbacks = Object.fromEntries(m.fallbacks);
    return c;
  }

  private background(p: Promise<unknown>): void {
    const tracked = p.catch((err: Error) =>
      this.deps.logger?.warn('advice store write failed', { error: err.message }),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private finish(
    t0: number,
    request: decision.DecisionRequest,
    parentId: string | undefined,
    wire: decision.ExecutionDecision,
    served: Served,
  ): decision.ExecutionDecision {
    const adapted = isAdaptation(wire, request.baselineQuantity);
    const fallbackKind = served.ok ? undefined : served.kind;
    this.deps.metrics.observeSlice(served.ok ? 'llm' : 'heuristic', fallbackKind, adapted);
    if (parentId) {
      const delta: CounterDelta = { slices: 1, llmSlices: served.ok ? 1 : 0, adaptations: adapted ? 1 : 0 };
      if (fallbackKind) delta.fallback = fallbackKind;
      this.background(this.deps.store.count(parentId, delta));
    }
    this.deps.metrics.observeDecide((performance.now() - t0) / 1000);
    return wire;
  }

  private fallback(
    heuristic: decision.ExecutionDecision,
    kind: FallbackKind,
    reason: string,
  ): decision.ExecutionDecision {
    heuristic.fallbackReason = `${kind}: ${reason}`;
    return heuristic;
  }

  /** In market time, a call that began before this slice may have answered by now: let it finish. */
  private async awaitEarlierCall(parentId: string, nowMs: number): Promise<void> {
    const call = this.inFlight.get(parentId);
    if (!call || call.startedAtMs >= nowMs) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      call.done,
      new Promise<void>((r) => (timer = setTimeout(r, this.options.awaitInFlightMs))),
    ]);
    clearTimeout(timer);
  }

  /** The stored advice, if it may serve this slice: arrived, unexpired, not overtaken, still valid. */
  private serve(
    stored: StoredAdvice | undefined,
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory | undefined,
  ): Served {
    const parentId = request.parentId;
    if (!stored) {
      const last = this.lastOutcome.get(parentId);
      if (last?.outcome === 'error') return { ok: false, kind: 'call-failed', reason: last.reason };
      if (last?.outcome === 'refused') return { ok: false, kind: 'answer-refused', reason: last.reason };
      if (last?.outcome === 'late') return { ok: false, kind: 'answer-late', reason: last.reason };
      if (this.inFlight.has(parentId))
        return { ok: false, kind: 'model-pending', reason: 'the model has not answered yet' };
      return { ok: false, kind: 'no-advice-yet', reason: 'no advice for this parent yet' };
    }
    if (stored.effectiveAtMs > nowMs && stored.previous) {
      const earlier = this.serve(stored.previous, request, nowMs, memory);
      if (earlier.ok)
        return earlier.changed
          ? { ...earlier, stored: { ...stored, previous: earlier.stored } }
          : { ...earlier, stored };
    }
    if (stored.effectiveAtMs > nowMs)
      return {
        ok: false,
        kind: 'not-arrived',
        reason: `the advice asked for at ${new Date(stored.requestedAtMs).toISOString()} arrives ${Math.round(stored.latencyMs)} ms later (the model's latency)`,
      };
    if (stored.validUntilMs <= nowMs) return { ok: false, kind: 'expired', reason: 'the advice has expired' };
    const consumed =
      (stored.advice.action === 'WAIT' || stored.advice.action === 'CANCEL') &&
      stored.usedBySlice !== undefined &&
      stored.usedBySlice !== request.sliceIndex;
    if (consumed)
      return {
        ok: false,
        kind: 'consumed',
        reason: `the ${stored.advice.action} advice was acted on at slice ${stored.usedBySlice! + 1}`,
      };
    const moved = this.overtakenBy(stored, request, nowMs);
    if (moved) return { ok: false, kind: 'market-moved', reason: moved };

    // A quantity is for the next child only; later slices in the advice's window trade the baseline's.
    const ownQuantity =
      stored.advice.quantity !== undefined &&
      (stored.usedBySlice === undefined || stored.usedBySlice === request.sliceIndex);
    const quantity = ownQuantity ? stored.advice.quantity : undefined;
    const check = validateModelAnswer(
      answerOf(stored.advice, quantity ?? (stored.advice.quantity ? request.baselineQuantity : undefined)),
      this.answerContext(request, nowMs, memory, stored.basis.arrivalPrice, stored.basis.deadlineMs),
    );
    if (!check.ok) return { ok: false, kind: 'overtaken', reason: refusalText(check.reasons) };
    const marks =
      stored.advice.quantity !== undefined ||
      stored.advice.action === 'WAIT' ||
      stored.advice.action === 'CANCEL';
    const changed = marks && stored.usedBySlice === undefined;
    const next: StoredAdvice = changed ? { ...stored, usedBySlice: request.sliceIndex } : stored;
    return {
      ok: true,
      decision: adviceToWire(next, nowMs, this.options.limits, quantity),
      stored: next,
      changed,
    };
  }

  /**
   * A significant change since the advice's market: a mid move beyond both the configured floor and
   * 2.5 standard deviations of what the advice's own volatility expects over the time passed (so a
   * volatile market over five minutes does not count every ordinary move); a spread blown out to
   * several times its width (and by at least a basis point); or volatility jumping.
   */
  private overtakenBy(
    stored: StoredAdvice,
    request: decision.DecisionRequest,
    nowMs: number,
  ): string | undefined {
    const snap = request.snapshot;
    const mid = Number(snap?.mid || 0);
    const b = stored.basis;
    const o = this.options;
    if (mid > 0 && b.mid > 0) {
      const moveBps = Math.abs(mid / b.mid - 1) * 1e4;
      const noise = 2.5 * b.volatilityBps * Math.sqrt(Math.max(0, nowMs - stored.requestedAtMs) / 86_400_000);
      const limit = Math.max(o.significantMoveBps, noise);
      if (moveBps >= limit)
        return `the mid moved ${moveBps.toFixed(1)} bps since the advice (significant from ${limit.toFixed(1)} bps)`;
    }
    const spread = snap?.spreadBps ?? 0;
    if (b.spreadBps > 0 && spread > o.spreadJumpFactor * b.spreadBps && spread - b.spreadBps >= 1)
      return `the spread widened to ${spread.toFixed(2)} bps from ${b.spreadBps.toFixed(2)} since the advice`;
    const vol = (snap?.dailyVolatility ?? 0) * 1e4;
    if (b.volatilityBps > 0 && vol > o.volatilityJumpFactor * b.volatilityBps)
      return `volatility rose to ${vol.toFixed(0)} bps from ${b.volatilityBps.toFixed(0)} since the advice`;
    return undefined;
  }

  private answerContext(
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory | undefined,
    arrivalPrice: number | undefined,
    deadlineMs: number | undefined,
  ): AnswerContext {
    const snap = request.snapshot;
    const bid = Number(snap?.bestBid || 0);
    const ask = Number(snap?.bestAsk || 0);
    return {
      side: sideFromWire(request.side) ?? 'BUY',
      remaining: remainingOf(request),
      baselineQuantity: request.baselineQuantity || '0',
      ...(arrivalPrice ? { arrivalPrice } : {}),
      ...(bid > 0 ? { bestBid: bid } : {}),
      ...(ask > 0 ? { bestAsk: ask } : {}),
      nowMs,
      ...(deadlineMs ? { deadlineMs } : {}),
      elapsedFraction: request.elapsedFraction ?? 0,
      ...(memory?.sliceIntervalMs ? { sliceIntervalMs: memory.sliceIntervalMs } : {}),
      limits: this.options.limits,
    };
  }

  /** The parent's memory after this slice: timing, and the decision served, for the next prompts. */
  private remember(
    before: ParentMemory | undefined,
    request: decision.DecisionRequest,
    nowMs: number,
    served: decision.ExecutionDecision,
  ): ParentMemory {
    const m: ParentMemory = before ?? {
      parentId: request.parentId,
      firstSeenMs: nowMs,
      lastRequestMs: nowMs,
      lastSliceIndex: request.sliceIndex,
      history: [],
    };
    if (request.sliceIndex !== m.lastSliceIndex && nowMs > m.lastRequestMs) {
      const steps = Math.max(1, request.sliceIndex - m.lastSliceIndex);
      m.sliceIntervalMs = Math.round((nowMs - m.lastRequestMs) / steps);
    }
    m.lastRequestMs = nowMs;
    m.lastSliceIndex = request.sliceIndex;
    const mid = Number(request.snapshot?.mid || 0);
    const entry: PreviousDecision = {
      sliceIndex: request.sliceIndex,
      atMs: nowMs,
      source: served.source === decision.DecisionSource.DECISION_SOURCE_LLM ? 'LLM' : 'HEURISTIC',
      summary: summarizeDecision(served),
      ...(mid > 0 ? { midAtDecision: mid } : {}),
    };
    // A slice the router asks about again (a further child of a clamped slice) replaces its entry.
    m.history = [...m.history.filter((h) => h.sliceIndex !== request.sliceIndex), entry].slice(-MAX_HISTORY);
    return m;
  }

  private refreshTrigger(
    stored: StoredAdvice | undefined,
    served: Served,
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory,
  ): string | undefined {
    const parentId = request.parentId;
    if (this.inFlight.has(parentId)) return undefined;
    if (new Dec(remainingOf(request)).lte(0)) return undefined;
    const last = this.lastOutcome.get(parentId);
    if (last && last.outcome !== 'used' && nowMs - last.atMs < this.options.retryAfterFailureMs)
      return undefined;
    if (!stored) return last ? `retry after ${last.outcome}` : 'no advice yet';
    // Advice on its way (in market time) is as good as a call in flight.
    if (stored.effectiveAtMs > nowMs) return undefined;
    if (!served.ok) return served.kind;
    if (served.ok && (stored.advice.action === 'WAIT' || stored.advice.action === 'CANCEL'))
      return `fresh advice for after the ${stored.advice.action}`;
    const interval = memory.sliceIntervalMs ?? 0;
    if (stored.validUntilMs <= nowMs + interval) return 'the advice expires before the next slice';
    if (nowMs - stored.requestedAtMs >= this.options.refreshEveryMs) return 'cadence';
    return undefined;
  }

  private storeTtl(validUntilMs: number, nowMs: number): number {
    // Expiry is decided by validUntilMs on the advisor's clock; the store's TTL only collects garbage.
    return Math.max(1_000, validUntilMs - nowMs) + 60_000;
  }

  /**
   * Advice serves the slice after the one that asked for it, and no further: one and a half slice
   * intervals (within the configured floor and cap). The interval is the one observed between
   * requests, or before there are two, the parent's horizon over its slices.
   */
  private validityMs(memory: ParentMemory, view: ParentView | undefined): number {
    const planned =
      view?.deadlineMs && view.startMs && view.slices ? (view.deadlineMs - view.startMs) / view.slices : 0;
    const interval = memory.sliceIntervalMs ?? planned;
    return Math.min(this.options.adviceMaxTtlMs, Math.max(this.options.adviceMinTtlMs, 1.5 * interval));
  }

  private startRefresh(
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory,
    trigger: string,
    parentContext: Context,
  ): void {
    const parentId = request.parentId;
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    this.inFlight.set(parentId, { startedAtMs: nowMs, done });
    const run = this.refresh(request, nowMs, memory, trigger, parentContext)
      .catch((err: Error) =>
        this.deps.logger?.error('advice refresh failed', { parentId, error: err.message }),
      )
      .finally(() => {
        this.inFlight.delete(parentId);
        release();
      });
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  private async refresh(
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory,
    trigger: string,
    parentContext: Context,
  ): Promise<void> {
    const parentId = request.parentId;
    const client = this.deps.client!;
    if (!(await this.deps.store.claimRefresh(parentId, this.options.callBudgetMs + 1_000))) return;
    try {
      // Another replica may have refreshed between our read and our claim: its advice is as fresh.
      const latest = (await this.deps.store.read(parentId)).advice;
      if (latest && latest.requestedAtMs >= nowMs) return;
      const view = await context.with(parentContext, () => this.deps.parents?.view(parentId));
      if (view && !view.active) return;
      const trades = (await this.deps.trades?.recent(request.symbol, nowMs)) ?? [];
      const prompt = buildPrompt(this.promptInput(request, nowMs, memory, view, trades));
      await withSpan(
        'llm.chat',
        {
          'gen_ai.system': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': client.model,
          'tranche.parent_id': parentId,
          'tranche.slice_index': request.sliceIndex,
          'tranche.llm.trigger': trigger,
          'tranche.llm.prompt_template': prompt.templateId,
          'tranche.llm.prompt_hash': prompt.promptHash,
        },
        (span) => this.call(span, request, nowMs, memory, view, prompt),
        { kind: SpanKind.CLIENT, parent: parentContext },
      );
    } finally {
      await this.deps.store.releaseRefresh(parentId).catch(() => undefined);
    }
  }

  private async call(
    span: Span,
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory,
    view: ParentView | undefined,
    prompt: ReturnType<typeof buildPrompt>,
  ): Promise<void> {
    const client = this.deps.client!;
    const parentId = request.parentId;
    const traceId = span.spanContext().traceId;
    const auditBase = {
      tsMs: nowMs,
      parentId,
      traceId: /^0+$/.test(traceId) ? '' : traceId,
      sliceIndex: request.sliceIndex,
      templateId: prompt.templateId,
      promptHash: prompt.promptHash,
      prompt: JSON.stringify(prompt.messages),
    };
    let result: LlmCallResult;
    try {
      result = await client.complete({ messages: prompt.messages });
    } catch (err) {
      const e = err instanceof LlmCallError ? err : undefined;
      const reason = e ? `${e.kind}: ${e.message}` : `error: ${(err as Error).message}`;
      span.setAttribute('tranche.llm.outcome', 'error');
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
      await this.settle(request, nowMs, 'error', reason, {
        ...auditBase,
        model: client.model,
        latencyMs: e?.details.latencyMs ?? 0,
        tokensIn: 0,
        tokensOut: 0,
        costUsd: 0,
        response: '',
        attempts: e?.details.attempts ?? 0,
      });
      return;
    }
    const cost = costUsd(result.tokensIn, result.tokensOut, this.options.prices);
    span.setAttributes({
      'gen_ai.response.model': result.model,
      'gen_ai.usage.input_tokens': result.tokensIn,
      'gen_ai.usage.output_tokens': result.tokensOut,
      'tranche.llm.cost_usd': cost,
      'tranche.llm.attempts': result.attempts,
    });
    const audit = {
      ...auditBase,
      model: result.model,
      latencyMs: result.latencyMs,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      costUsd: cost,
      response: result.refusal ? `refusal: ${result.refusal}` : (result.content ?? ''),
      attempts: result.attempts,
    };
    const arrival = view?.arrivalPrice ? Number(view.arrivalPrice) : undefined;
    const deadline = view?.deadlineMs;
    const parsed = parseModelOutput(result.content, result.refusal, result.finishReason);
    const check = parsed.ok
      ? validateModelAnswer(parsed.value, this.answerContext(request, nowMs, memory, arrival, deadline))
      : parsed;
    if (!check.ok) {
      const reason = refusalText(check.reasons);
      span.setAttribute('tranche.llm.outcome', 'refused');
      this.logRefusal(parentId, request.sliceIndex, check.reasons);
      await this.settle(request, nowMs, 'refused', reason, audit);
      return;
    }
    const effectiveAtMs = nowMs + result.latencyMs;
    const stored: StoredAdvice = {
      advice: check.advice,
      model: result.model,
      templateId: prompt.templateId,
      promptHash: prompt.promptHash,
      requestedAtMs: nowMs,
      effectiveAtMs,
      validUntilMs: effectiveAtMs + this.validityMs(memory, view),
      latencyMs: result.latencyMs,
      basis: {
        sliceIndex: request.sliceIndex,
        mid: Number(request.snapshot?.mid || 0),
        spreadBps: request.snapshot?.spreadBps ?? 0,
        volatilityBps: (request.snapshot?.dailyVolatility ?? 0) * 1e4,
        ...(arrival ? { arrivalPrice: arrival } : {}),
        ...(deadline ? { deadlineMs: deadline } : {}),
      },
    };
    const current = (await this.deps.store.read(parentId)).advice;
    // The advice this one replaces keeps serving until this one would have arrived.
    if (current && current.effectiveAtMs <= nowMs && current.validUntilMs > nowMs) {
      const { previous: _older, ...earlier } = current;
      stored.previous = earlier;
    }
    const late =
      current && current.requestedAtMs > nowMs
        ? 'a fresher advice was stored while this call was in flight'
        : deadline !== undefined && effectiveAtMs >= deadline
          ? `the answer arrived after the parent's deadline`
          : undefined;
    if (late) {
      span.setAttribute('tranche.llm.outcome', 'late');
      await this.settle(request, nowMs, 'late', late, audit);
      return;
    }
    await this.deps.store.putAdvice(parentId, stored, this.storeTtl(stored.validUntilMs, nowMs));
    span.setAttribute('tranche.llm.outcome', 'used');
    await this.settle(request, nowMs, 'used', '', audit);
  }

  private async settle(
    request: decision.DecisionRequest,
    nowMs: number,
    outcome: CallOutcome,
    reason: string,
    audit: Omit<Parameters<LlmAuditSink['record']>[0], 'outcome' | 'reason'>,
  ): Promise<void> {
    const parentId = request.parentId;
    this.lastOutcome.delete(parentId);
    this.lastOutcome.set(parentId, { outcome, reason, atMs: nowMs });
    // Parents end; their last outcomes need not outlive them. The oldest go first.
    for (const key of this.lastOutcome.keys()) {
      if (this.lastOutcome.size <= MAX_REMEMBERED_PARENTS) break;
      this.lastOutcome.delete(key);
    }
    this.deps.metrics.observeCall(outcome, audit.tokensIn, audit.tokensOut, audit.costUsd, audit.latencyMs);
    const key = ({ used: 'ok', refused: 'refused', late: 'late', error: 'errors' } as const)[outcome];
    await Promise.all([
      this.deps.store
        .count(parentId, {
          calls: 1,
          [key]: 1,
          tokensIn: audit.tokensIn,
          tokensOut: audit.tokensOut,
          costMicroUsd: Math.round(audit.costUsd * 1e6),
        })
        .catch(() => undefined),
      // The audit is best effort: losing a record must not lose the advice.
      this.deps.audit
        .record({ ...audit, outcome, reason })
        .catch((err: Error) =>
          this.deps.logger?.warn('llm audit write failed', { parentId, error: err.message }),
        ),
    ]);
    if (outcome === 'error')
      this.deps.logger?.warn('llm call failed; the heuristic serves meanwhile', { parentId, reason });
  }

  private logRefusal(parentId: string, sliceIndex: number, reasons: Refusal[]): void {
    this.deps.logger?.warn('llm answer refused; the heuristic serves meanwhile', {
      parentId,
      sliceIndex,
      reasons: reasons.map((r) => `${r.code} ${r.message}`),
    });
  }

  /** Liquidation flow arrives per minute on each snapshot; the prompt shows the last five minutes too. */
  private sampleLiquidations(request: decision.DecisionRequest, nowMs: number): void {
    const snap = request.snapshot;
    if (!snap || !request.symbol) return;
    const minute = Math.floor(nowMs / 60_000);
    const list = (this.liquidations.get(request.symbol) ?? []).filter((s) => s.minute > minute - 5);
    const flow = snap.liquidationFlow ?? 0;
    const same = list.find((s) => s.minute === minute);
    if (same) same.flow = flow;
    else list.push({ minute, flow });
    this.liquidations.set(request.symbol, list);
  }

  private promptInput(
    request: decision.DecisionRequest,
    nowMs: number,
    memory: ParentMemory,
    view: ParentView | undefined,
    trades: PromptTrade[],
  ): PromptInput {
    const snap = request.snapshot ?? undefined;
    const target = new Dec(request.targetQuantity || '0');
    const filled = new Dec(request.filledQuantity || '0');
    const side = sideFromWire(request.side) ?? 'BUY';
    const sign = side === 'BUY' ? 1 : -1;
    const mid = Number(snap?.mid || 0);
    const liq5 = (this.liquidations.get(request.symbol) ?? []).reduce((s, x) => s + x.flow, 0);
    const previous: PreviousDecision[] = memory.history.map((h) => {
      const kids = (view?.children ?? []).filter(
        (c) => c.sliceIndex === h.sliceIndex && c.state !== 'DENIED',
      );
      if (!view || kids.length === 0) return h;
      const sent = kids.reduce((s, c) => s.plus(c.quantity || '0'), new Dec(0));
      const got = kids.reduce((s, c) => s.plus(c.filled || '0'), new Dec(0));
      const notional = kids.reduce(
        (s, c) => (c.averagePrice ? s.plus(new Dec(c.filled || '0').times(c.averagePrice)) : s),
        new Dec(0),
      );
      const avg = got.gt(0) ? notional.div(got) : undefined;
      const outcome: NonNullable<PreviousDecision['outcome']> = {
        sent: sent.toFixed(),
        filled: got.toFixed(),
      };
      if (avg) outcome.averagePrice = avg.toDecimalPlaces(8).toFixed();
      if (avg && h.midAtDecision) outcome.slippageBps = sign * (avg.toNumber() / h.midAtDecision - 1) * 1e4;
      if (mid > 0 && h.midAtDecision) outcome.adverseMoveBps = sign * (mid / h.midAtDecision - 1) * 1e4;
      return { ...h, outcome };
    });
    return {
      nowMs,
      parent: {
        parentId: request.parentId,
        symbol: request.symbol,
        side,
        total: target.toFixed(),
        remaining: remainingOf(request),
        ...(view?.deadlineMs ? { deadlineMs: view.deadlineMs } : {}),
        ...(view?.arrivalPrice ? { arrivalPrice: view.arrivalPrice } : {}),
      },
      progress: {
        executedPct: target.gt(0) ? filled.div(target).times(100).toNumber() : 0,
        ...(view?.averagePrice ? { vwap: view.averagePrice } : {}),
        ...(view?.isBps !== undefined ? { isBps: view.isBps } : {}),
        elapsedPct: (request.elapsedFraction ?? 0) * 100,
        sliceIndex: request.sliceIndex,
        ...(view?.slices ? { slices: view.slices } : {}),
      },
      market: {
        ...(snap?.mid ? { mid: snap.mid } : {}),
        spreadBps: snap?.spreadBps ?? 0,
        ...(snap?.bestBid ? { bestBid: snap.bestBid } : {}),
        ...(snap?.bidSize ? { bestBidSize: snap.bidSize } : {}),
        ...(snap?.bestAsk ? { bestAsk: snap.bestAsk } : {}),
        ...(snap?.askSize ? { bestAskSize: snap.askSize } : {}),
        bids: (snap?.bids ?? []).slice(0, 5).map((l) => ({ price: l.price ?? '', size: l.size ?? '' })),
        asks: (snap?.asks ?? []).slice(0, 5).map((l) => ({ price: l.price ?? '', size: l.size ?? '' })),
        trades,
        ...(snap?.volume_1m ? { volume1m: snap.volume_1m } : {}),
        volatilityBps: (snap?.dailyVolatility ?? 0) * 1e4,
      },
      signals: {
        ...(snap?.fundingRate ? { fundingRate: snap.fundingRate } : {}),
        ...(snap?.nextFundingTime ? { nextFundingMs: Number(snap.nextFundingTime) } : {}),
        openInterestChangePct: (snap?.openInterestChange ?? 0) * 100,
        liquidations1m: snap?.liquidationFlow ?? 0,
        liquidations5m: liq5,
      },
      ...(request.impact
        ? {
            impact: {
              finalBps: request.impact.finalBps ?? 0,
              lowBps: request.impact.lowBps ?? 0,
              highBps: request.impact.highBps ?? 0,
              model: request.impact.model ?? '',
            },
          }
        : {}),
      baselineNextQty: request.baselineQuantity || '0',
      headlines: this.deps.news?.recent(request.symbol, nowMs) ?? [],
      previous,
      limits: this.options.limits,
    };
  }
}

function remainingOf(request: decision.IDecisionRequest): string {
  try {
    const r = new Dec(request.targetQuantity || '0').minus(request.filledQuantity || '0');
    return r.gt(0) ? r.toFixed() : '0';
  } catch {
    return '0';
  }
}
