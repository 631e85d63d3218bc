import type { ValidAdvice } from './answer-validation.js';
import type { PreviousDecision } from './prompt.js';

/** The latest valid advice for one parent, with what it was validated against. */
export interface StoredAdvice {
  advice: ValidAdvice;
  model: string;
  templateId: string;
  promptHash: string;
  /** Clock time the call began (market time in embedded mode). */
  requestedAtMs: number;
  /** When the answer would have arrived: requestedAtMs plus the call's latency. Not usable before. */
  effectiveAtMs: number;
  validUntilMs: number;
  latencyMs: number;
  /** The market and parent state the advice was given on, to tell when it has been overtaken. */
  basis: {
    sliceIndex: number;
    mid: number;
    spreadBps: number;
    volatilityBps: number;
    arrivalPrice?: number;
    deadlineMs?: number;
  };
  /**
   * The slice that first acted on the advice, once one has: its quantity is for that child only, and a
   * WAIT or a CANCEL is carried out once.
   */
  usedBySlice?: number;
  /**
   * In market time a newer advice is stored as soon as its call returns but takes effect only from
   * when it would have arrived; until then the advice it replaces still serves.
   */
  previous?: StoredAdvice;
}

/** What the advisor remembers about one parent between slices, shared by replicas. */
export interface ParentMemory {
  parentId: string;
  firstSeenMs: number;
  lastRequestMs: number;
  lastSliceIndex: number;
  /** Time between the last two slices the advisor was asked about. */
  sliceIntervalMs?: number;
  /** From the router's view of the parent, when it could be read. */
  arrivalPrice?: number;
  deadlineMs?: number;
  startMs?: number;
  slices?: number;
  /** The decisions served for this parent, newest last, at most MAX_HISTORY. */
  history: PreviousDecision[];
  /** When a refresh last started and, if it failed, why (market time). */
  lastRefreshAtMs?: number;
  lastRefreshFailedAtMs?: number;
}

export const MAX_HISTORY = 8;

/** Counters per parent; also kept in total per replica by LlmMetrics. */
export interface ParentCounters {
  slices: number;
  llmSlices: number;
  adaptations: number;
  calls: number;
  ok: number;
  refused: number;
  late: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  /** Micro-dollars, so a counter stays an integer. */
  costMicroUsd: number;
  /** Fallback reasons by kind. */
  fallbacks: Record<string, number>;
}

export type CounterDelta = Partial<Omit<ParentCounters, 'fallbacks'>> & { fallback?: string };

export function emptyCounters(): ParentCounters {
  return {
    slices: 0,
    llmSlices: 0,
    adaptations: 0,
    calls: 0,
    ok: 0,
    refused: 0,
    late: 0,
    errors: 0,
    tokensIn: 0,
    tokensOut: 0,
    costMicroUsd: 0,
    fallbacks: {},
  };
}

/**
 * Per-parent advice, memory and counters. The Redis adapter lets every replica of the decision
 * service serve a parent's slices from the same advice; the memory adapter serves the embedded mode.
 */
export interface AdviceStore {
  read(parentId: string): Promise<{ advice?: StoredAdvice; memory?: ParentMemory }>;
  putAdvice(parentId: string, advice: StoredAdvice, ttlMs: number): Promise<void>;
  putMemory(parentId: string, memory: ParentMemory): Promise<void>;
  /** Claim the parent's refresh for holdMs; false when another caller (or replica) holds it. */
  claimRefresh(parentId: string, holdMs: number): Promise<boolean>;
  releaseRefresh(parentId: string): Promise<void>;
  count(parentId: string, delta: CounterDelta): Promise<void>;
  counters(parentId: string): Promise<ParentCounters>;
  /** What one served slice changes, written at once (one round trip to Redis). */
  write(parentId: string, changes: SliceWrite): Promise<void>;
}

export interface SliceWrite {
  memory: ParentMemory;
  advice?: { value: StoredAdvice; ttlMs: number };
  count: CounterDelta;
}

export function applyDelta(c: ParentCounters, d: CounterDelta): void {
  for (const [k, v] of Object.entries(d)) {
    if (k === 'fallback') {
      const kind = v as string;
      c.fallbacks[kind] = (c.fallbacks[kind] ?? 0) + 1;
    } else if (typeof v === 'number') (c as unknown as Record<string, number>)[k]! += v;
  }
}

/** Everything in this process's memory; the clock decides expiry, so virtual time works. */
export class MemoryAdviceStore implements AdviceStore {
  private readonly advice = new Map<string, { value: StoredAdvice; expiresAt: number }>();
  private readonly memory = new Map<string, ParentMemory>();
  private readonly claims = new Map<string, number>();
  private readonly counts = new Map<string, ParentCounters>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(parentId: string) {
    const a = this.advice.get(parentId);
    const advice = a && a.expiresAt > this.now() ? structuredClone(a.value) : undefined;
    const m = this.memory.get(parentId);
    return {
      ...(advice ? { advice } : {}),
      ...(m ? { memory: structuredClone(m) } : {}),
    };
  }
  async putAdvice(parentId: string, advice: StoredAdvice, ttlMs: number) {
    this.advice.set(parentId, { value: structuredClone(advice), expiresAt: this.now() + ttlMs });
  }
  async putMemory(parentId: string, memory: ParentMemory) {
    this.memory.set(parentId, structuredClone(memory));
  }
  async claimRefresh(parentId: string, holdMs: number) {
    const until = this.claims.get(parentId);
    if (until !== undefined && until > Date.now()) return false;
    this.claims.set(parentId, Date.now() + holdMs);
    return true;
  }
  async releaseRefresh(parentId: string) {
    this.claims.delete(parentId);
  }
  async count(parentId: string, delta: CounterDelta) {
    const c = this.counts.get(parentId) ?? emptyCounters();
    applyDelta(c, delta);
    this.counts.set(parentId, c);
  }
  async counters(parentId: string) {
    return structuredClone(this.counts.get(parentId) ?? emptyCounters());
  }
  async write(parentId: string, w: SliceWrite) {
    await this.putMemory(parentId, w.memory);
    if (w.advice) await this.putAdvice(parentId, w.advice.value, w.advice.ttlMs);
    await this.count(parentId, w.count);
  }
}
