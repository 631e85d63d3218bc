import { common, decision, marketdata } from '@tranche/contracts';
import { HeuristicDecider } from '@tranche/engine';
import {
  DEFAULT_ADVICE_LIMITS,
  DEFAULT_ADVISOR_OPTIONS,
  LlmAdvisor,
  LlmCallError,
  LlmMetrics,
  MemoryAdviceStore,
  MemoryLlmAudit,
  type AdvisorOptions,
  type AdviceStore,
  type BreakerState,
  type LlmCallRequest,
  type LlmCallResult,
  type LlmClient,
  type ParentView,
} from '../src/index.js';

export const T0 = Date.UTC(2026, 0, 5, 12);
export const SLICE_MS = 5 * 60_000;
export const ARRIVAL = 60_000;

/** What a fake model answers: message content, or a refusal, or an error to throw. */
export type FakeReply =
  | { content: string | null; refusal?: string | null; finishReason?: string; latencyMs?: number }
  | { error: LlmCallError };

/** A model behind the LlmClient port that answers from a script, counting calls. */
export class FakeModel implements LlmClient {
  readonly model = 'fake-model';
  readonly calls: LlmCallRequest[] = [];
  constructor(public reply: (request: LlmCallRequest, n: number) => FakeReply | Promise<FakeReply>) {}
  breakerState(): BreakerState {
    return 'CLOSED';
  }
  async complete(request: LlmCallRequest): Promise<LlmCallResult> {
    this.calls.push(request);
    const r = await this.reply(request, this.calls.length);
    if ('error' in r) throw r.error;
    return {
      content: r.content,
      refusal: r.refusal ?? null,
      finishReason: r.finishReason ?? 'stop',
      model: this.model,
      tokensIn: 1000,
      tokensOut: 80,
      latencyMs: r.latencyMs ?? 800,
      attempts: 1,
    };
  }
}

/** A valid answer as JSON text, with any field overridden. */
export function answerJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    action: 'ACCELERATE',
    quantity: null,
    limit_price: null,
    duration_secs: null,
    new_rate: 1.5,
    impact_adjustment: 1,
    reasoning: 'behind schedule',
    confidence: 0.7,
    ...overrides,
  });
}

export function snapshot(mid = ARRIVAL, spreadBps = 1, dailyVolatility = 0.03): marketdata.MarketSnapshot {
  const half = (mid * spreadBps) / 2e4;
  return marketdata.MarketSnapshot.create({
    symbol: 'BTCUSDT',
    mid: String(mid),
    bestBid: (mid - half).toFixed(1),
    bestAsk: (mid + half).toFixed(1),
    bidSize: '2',
    askSize: '2',
    spreadBps,
    bids: [{ price: (mid - half).toFixed(1), size: '2' }],
    asks: [{ price: (mid + half).toFixed(1), size: '2' }],
    volume_1m: '40',
    dailyVolatility,
    fundingRate: '0.0001',
  });
}

export interface RequestSpec {
  parentId?: string;
  slice: number;
  filled?: string;
  target?: string;
  baseline?: string;
  mid?: number;
  spreadBps?: number;
  side?: 'BUY' | 'SELL';
  slices?: number;
}

/** The router's request for a slice of a 12-slice, one-hour parent that started at T0. */
export function request(s: RequestSpec): { request: decision.DecisionRequest; nowMs: number } {
  const slices = s.slices ?? 12;
  const nowMs = T0 + s.slice * SLICE_MS;
  return {
    nowMs,
    request: decision.DecisionRequest.create({
      parentId: s.parentId ?? 'p1',
      symbol: 'BTCUSDT',
      side: s.side === 'SELL' ? common.Side.SIDE_SELL : common.Side.SIDE_BUY,
      targetQuantity: s.target ?? '12',
      filledQuantity: s.filled ?? String(s.slice),
      elapsedFraction: s.slice / slices,
      sliceIndex: s.slice,
      baselineQuantity: s.baseline ?? '1',
      snapshot: snapshot(s.mid ?? ARRIVAL, s.spreadBps ?? 1),
      now: nowMs,
    }),
  };
}

export const VIEW: ParentView = {
  active: true,
  arrivalPrice: String(ARRIVAL),
  startMs: T0,
  deadlineMs: T0 + 12 * SLICE_MS,
  slices: 12,
  filled: '0',
  children: [],
};

export function advisorWith(
  model: LlmClient | undefined,
  options: Partial<AdvisorOptions> = {},
  store: AdviceStore = new MemoryAdviceStore(() => T0),
) {
  const audit = new MemoryLlmAudit(['sk-secret-key-123456']);
  const metrics = new LlmMetrics();
  const advisor = new LlmAdvisor(
    {
      ...(model ? { client: model } : {}),
      heuristic: new HeuristicDecider(),
      store,
      audit,
      metrics,
      parents: { view: async () => VIEW },
    },
    {
      ...DEFAULT_ADVISOR_OPTIONS,
      limits: DEFAULT_ADVICE_LIMITS,
      prices: { inputPerMTok: 1, outputPerMTok: 2 },
      timing: 'market-time',
      ...options,
    },
  );
  return { advisor, audit, metrics };
}
