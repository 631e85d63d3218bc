import { common, decision, execution } from '@tranche/contracts';
import {
  createEmbeddedSystem,
  DEFAULT_INSTRUMENTS,
  HeuristicDecider,
  PaperVenue,
  VirtualClock,
  type EmbeddedSystem,
  type VenueOrderRequest,
  type VenuePort,
} from '@tranche/engine';
import { Dec } from '@tranche/execution-core';
import {
  createAdvisor,
  LlmMetrics,
  MemoryAdviceStore,
  MemoryLlmAudit,
  NewsFeed,
  OpenAiLlmClient,
  parentViewFromWire,
  type Headline,
  type LlmAdvisor,
  type LlmSettings,
} from '../src/index.js';

/** Settings as the decision service would load them, pointed at a stub. */
export function stubSettings(baseURL: string, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    apiKey: 'sk-test-0123456789abcdef',
    baseURL,
    model: 'tranche-stub-1',
    timeoutMs: 2_000,
    maxRetries: 2,
    breakerFailures: 5,
    breakerHalfOpenMs: 30_000,
    maxConcurrency: 4,
    tokensPerMinute: 1_000_000,
    maxOutputTokens: 400,
    temperature: 0,
    prices: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    limits: {
      priceBandBps: 100,
      maxRate: 3,
      minRate: 0.25,
      maxWaitSecs: 600,
      aggressiveOffsetBps: 30,
      maxReasoningChars: 2000,
      finalPhaseFraction: 0.05,
    },
    refreshEveryMs: 30_000,
    adviceMinTtlMs: 60_000,
    adviceMaxTtlMs: 900_000,
    significantMoveBps: 15,
    newsFile: undefined,
    auditMaxLen: 1000,
    ...overrides,
  };
}

/** Every order the router sent the venue, with the parent's remaining quantity at that moment. */
export interface SentOrder extends VenueOrderRequest {
  remainingBefore: string;
}

export interface AdvisedRun {
  parent: execution.ParentOrder;
  events: execution.ExecutionEvent[];
  decisions: decision.IExecutionDecision[];
  sent: SentOrder[];
  advisor: LlmAdvisor;
  audit: MemoryLlmAudit;
  sys: EmbeddedSystem;
}

export interface RunOptions {
  settings: LlmSettings;
  /** A client of our own (e.g. one with a short breaker); default: the SDK client from the settings. */
  client?: OpenAiLlmClient;
  side?: 'BUY' | 'SELL';
  quantity?: string;
  horizonMs?: number;
  slices?: number;
  seed?: number;
  headlines?: Headline[];
}

/**
 * One parent order in the embedded system (synthetic market, paper venue, virtual clock) with the
 * LLM advisor as its decision policy, the model's latency charged in market time. The venue is
 * wrapped so every order that reaches it is recorded with what the parent had left to trade.
 */
export async function runAdvised(o: RunOptions): Promise<AdvisedRun> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12));
  const audit = new MemoryLlmAudit(o.settings.apiKey ? [o.settings.apiKey] : []);
  const news = new NewsFeed();
  for (const h of o.headlines ?? []) news.add(h);
  const holder: { sys?: EmbeddedSystem } = {};
  const advisor = createAdvisor(o.settings, {
    heuristic: new HeuristicDecider(),
    store: new MemoryAdviceStore(() => clock.now()),
    audit,
    metrics: new LlmMetrics(),
    ...(o.client ? { client: o.client } : {}),
    news,
    timing: 'market-time',
    parents: {
      view: async (parentId) => parentViewFromWire(await holder.sys!.router.get({ parentId })),
    },
  });
  const sent: SentOrder[] = [];
  const recording: VenuePort = {
    instrument: (s) => paper.instrument(s),
    submit: async (order) => {
      const p = holder.sys ? await holder.sys.store.getParent(order.orderLinkId.split('-')[0]!) : undefined;
      const remaining = p ? new Dec(p.quantity).minus(p.filledQuantity || '0').toFixed() : '';
      sent.push({ ...order, remainingBefore: remaining });
      return paper.submit(order);
    },
    cancel: (s, id) => paper.cancel(s, id),
    query: (s, id) => paper.query(s, id),
    subscribe: (l) => paper.subscribe(l),
  };
  const paper: PaperVenue = new PaperVenue(
    (s) => holder.sys!.market.snapshot(s, 1000),
    DEFAULT_INSTRUMENTS,
    clock,
  );
  const sys = createEmbeddedSystem({
    seed: o.seed ?? 11,
    clock,
    decider: { decider: advisor, deadline: 'market' },
    overrides: { venue: recording },
  });
  holder.sys = sys;
  const accepted = await sys.router.submit(
    execution.SubmitParentOrderRequest.create({
      clientOrderId: `advised-${o.seed ?? 11}`,
      symbol: 'BTCUSDT',
      side: o.side === 'SELL' ? common.Side.SIDE_SELL : common.Side.SIDE_BUY,
      quantity: o.quantity ?? '2',
      horizonMs: o.horizonMs ?? 3_600_000,
      slices: o.slices ?? 12,
      algorithm: execution.Algorithm.ALGORITHM_TWAP,
    }),
  );
  const parent = await sys.router.whenDone(accepted.parent!.parentId!);
  await advisor.flush();
  const events = sys.events.events.filter((e) => e.correlationId === parent.parentId);
  return {
    parent,
    events,
    decisions: events.filter((e) => e.decisionTaken).map((e) => e.decisionTaken!.decision!),
    sent,
    advisor,
    audit,
    sys,
  };
}

/**
 * Orders that should never have reached the venue: more than the parent had left, a limit further
 * than the band from the arrival price, or a passive order through the touch.
 */
export function unsafeOrders(run: AdvisedRun, bandBps = 100): string[] {
  const arrival = Number(run.parent.arrivalPrice);
  const problems: string[] = [];
  for (const o of run.sent) {
    if (o.remainingBefore && new Dec(o.qty).gt(o.remainingBefore))
      problems.push(`${o.orderLinkId}: qty ${o.qty} > remaining ${o.remainingBefore}`);
    if (o.price !== undefined) {
      const dev = Math.abs(Number(o.price) / arrival - 1) * 1e4;
      if (dev > bandBps)
        problems.push(`${o.orderLinkId}: price ${o.price} is ${dev.toFixed(1)} bps from arrival`);
    } else problems.push(`${o.orderLinkId}: a market order without a price limit`);
  }
  const filled = run.sent.length ? new Dec(run.parent.filledQuantity || '0') : new Dec(0);
  if (filled.gt(run.parent.quantity))
    problems.push(`filled ${filled.toFixed()} > parent ${run.parent.quantity}`);
  return problems;
}
