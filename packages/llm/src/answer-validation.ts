import { Dec } from '@tranche/execution-core';
import { ModelAnswerSchema, type ModelAction } from './answer-schema.js';
import type { AdviceLimits } from './limits.js';

/** Why a model output was refused; code is stable for metrics and audit, message is for people. */
export interface Refusal {
  code: string;
  message: string;
}

/** What an answer is checked against. Every number comes from our own state, never from the model. */
export interface AnswerContext {
  side: 'BUY' | 'SELL';
  /** Parent quantity still to trade, decimal string. */
  remaining: string;
  /** The baseline schedule's next quantity, decimal string. */
  baselineQuantity: string;
  /** The parent's arrival (decision) price; without it no limit price can be checked, so none is accepted. */
  arrivalPrice?: number;
  bestBid?: number;
  bestAsk?: number;
  nowMs: number;
  /** The parent's deadline, ms since epoch, when known. */
  deadlineMs?: number;
  /** Share of the horizon elapsed, [0, 1]. */
  elapsedFraction: number;
  /** Time between the parent's slices, when known: a WAIT must leave at least one to finish in. */
  sliceIntervalMs?: number;
  limits: AdviceLimits;
}

/** An answer that passed every check, with prices and quantities as decimal strings. */
export interface ValidAdvice {
  action: ModelAction;
  quantity?: string;
  limitPrice?: string;
  durationMs?: number;
  rate?: number;
  impactAdjustment: number;
  reasoning: string;
  confidence: number;
}

export type AnswerCheck = { ok: true; advice: ValidAdvice } | { ok: false; reasons: Refusal[] };

/**
 * The message content as JSON. The SDK hands back text; a model (or a proxy in front of one) can send
 * a refusal, nothing at all, prose, or JSON cut off by a token limit, and each is a refusal with its
 * own code rather than an exception.
 */
export function parseModelOutput(
  content: string | null | undefined,
  refusal?: string | null,
  finishReason?: string | null,
): { ok: true; value: unknown } | { ok: false; reasons: Refusal[] } {
  if (refusal)
    return {
      ok: false,
      reasons: [{ code: 'MODEL_REFUSED', message: `the model refused: ${clip(refusal)}` }],
    };
  if (finishReason === 'length')
    return {
      ok: false,
      reasons: [{ code: 'ANSWER_TRUNCATED', message: 'the answer was cut off by the output token limit' }],
    };
  if (finishReason === 'content_filter')
    return {
      ok: false,
      reasons: [{ code: 'ANSWER_FILTERED', message: 'the answer was withheld by a content filter' }],
    };
  if (typeof content !== 'string' || content.trim() === '')
    return { ok: false, reasons: [{ code: 'ANSWER_EMPTY', message: 'the answer has no content' }] };
  try {
    return { ok: true, value: JSON.parse(content) as unknown };
  } catch (err) {
    return {
      ok: false,
      reasons: [
        {
          code: 'ANSWER_NOT_JSON',
          message: `the answer is not JSON (${(err as Error).message}): ${clip(content)}`,
        },
      ],
    };
  }
}

const USES: Record<ModelAction, ReadonlyArray<'quantity' | 'limit_price' | 'duration_secs' | 'new_rate'>> = {
  AGGRESSIVE: ['quantity'],
  PASSIVE: ['quantity', 'limit_price'],
  WAIT: ['duration_secs'],
  ACCELERATE: ['new_rate'],
  DECELERATE: ['new_rate'],
  CANCEL: [],
};
const OPTIONAL_FIELDS = ['quantity', 'limit_price', 'duration_secs', 'new_rate'] as const;

/** In the final phase these would push the order past its horizon or leave it unfinished. */
const NOT_IN_FINAL_PHASE: ReadonlySet<ModelAction> = new Set(['WAIT', 'CANCEL', 'DECELERATE', 'PASSIVE']);

/**
 * Check an untrusted model answer against the schema and against the parent's current state: every
 * field the action needs present and every other one null, ranges, the action allowed now, quantity at
 * most what remains (and at most maxRate x the baseline), a limit price inside the band and on our
 * side of the touch, a wait that ends with time left to finish. Nothing is coerced; every failure is
 * reported, so an audit shows all that was wrong with an answer.
 */
export function validateModelAnswer(raw: unknown, ctx: AnswerContext): AnswerCheck {
  const parsed = ModelAnswerSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      reasons: parsed.error.issues.slice(0, 6).map((i) => ({
        code: 'ANSWER_SCHEMA',
        message: `${i.path.length ? i.path.join('.') : 'answer'}: ${i.message}`,
      })),
    };
  }
  const a = parsed.data;
  const L = ctx.limits;
  const reasons: Refusal[] = [];
  const fail = (code: string, message: string) => reasons.push({ code, message });

  const used = USES[a.action];
  for (const f of OPTIONAL_FIELDS) {
    const v = a[f];
    if (used.includes(f) && v === null) fail('ANSWER_FIELDS', `${a.action} needs ${f}`);
    if (!used.includes(f) && v !== null) fail('ANSWER_FIELDS', `${a.action} must leave ${f} null`);
  }

  let remaining: Dec;
  let baseline: Dec;
  try {
    remaining = new Dec(ctx.remaining || '0');
    baseline = new Dec(ctx.baselineQuantity || '0');
  } catch {
    return { ok: false, reasons: [{ code: 'CONTEXT', message: 'remaining or baseline is not a decimal' }] };
  }
  if (!remaining.gt(0)) fail('NOTHING_LEFT', 'the parent has nothing left to trade');

  const timeLeftFraction = 1 - Math.min(1, Math.max(0, ctx.elapsedFraction));
  const finalPhase =
    timeLeftFraction <= L.finalPhaseFraction ||
    (ctx.deadlineMs !== undefined &&
      ctx.sliceIntervalMs !== undefined &&
      ctx.deadlineMs - ctx.nowMs <= ctx.sliceIntervalMs);
  if (finalPhase && NOT_IN_FINAL_PHASE.has(a.action))
    fail(
      'ACTION_NOT_ALLOWED',
      `${a.action} is not allowed in the final phase: only AGGRESSIVE or ACCELERATE can finish the order in time`,
    );

  const advice: ValidAdvice = {
    action: a.action,
    impactAdjustment: a.impact_adjustment,
    reasoning: sanitizeText(a.reasoning),
    confidence: a.confidence,
  };
  if (advice.reasoning.trim() === '') fail('ANSWER_REASONING', 'reasoning is empty');
  if (advice.reasoning.length > L.maxReasoningChars)
    fail('ANSWER_REASONING', `reasoning is longer than ${L.maxReasoningChars} characters`);

  if (a.quantity !== null && used.includes('quantity')) {
    const q = toDec(a.quantity);
    if (!q || !q.gt(0)) fail('QUANTITY', `quantity must be a positive number, got ${a.quantity}`);
    else if (q.gt(remaining))
      fail('QUANTITY', `quantity ${q.toFixed()} exceeds the remaining ${remaining.toFixed()}`);
    else if (baseline.gt(0) && q.gt(baseline.times(L.maxRate)))
      fail(
        'QUANTITY',
        `quantity ${q.toFixed()} is more than ${L.maxRate}x the baseline's ${baseline.toFixed()}`,
      );
    else advice.quantity = q.toFixed();
  }

  if (a.limit_price !== null && used.includes('limit_price')) {
    const p = toDec(a.limit_price);
    if (!p || !p.gt(0)) fail('LIMIT_PRICE', `limit_price must be a positive number, got ${a.limit_price}`);
    else if (!(ctx.arrivalPrice && ctx.arrivalPrice > 0))
      fail('LIMIT_PRICE', 'no arrival price is known to check the limit price against');
    else {
      const devBps = p.div(ctx.arrivalPrice).minus(1).abs().times(10_000).toNumber();
      if (!(devBps <= L.priceBandBps))
        fail(
          'LIMIT_PRICE',
          `limit_price ${p.toFixed()} is ${devBps.toFixed(1)} bps from the arrival price ${ctx.arrivalPrice}, outside the ${L.priceBandBps} bps band`,
        );
      else if (ctx.side === 'BUY' && ctx.bestAsk !== undefined && p.gte(ctx.bestAsk))
        fail('LIMIT_PRICE', `a passive buy at ${p.toFixed()} would cross the best ask ${ctx.bestAsk}`);
      else if (ctx.side === 'SELL' && ctx.bestBid !== undefined && p.lte(ctx.bestBid))
        fail('LIMIT_PRICE', `a passive sell at ${p.toFixed()} would cross the best bid ${ctx.bestBid}`);
      else advice.limitPrice = p.toFixed();
    }
  }

  if (a.duration_secs !== null && used.includes('duration_secs')) {
    const d = a.duration_secs;
    const slice = ctx.sliceIntervalMs ?? 0;
    if (!(d > 0) || d > L.maxWaitSecs)
      fail('WAIT_DURATION', `duration_secs must be in (0, ${L.maxWaitSecs}], got ${d}`);
    else if (ctx.deadlineMs !== undefined && ctx.nowMs + d * 1000 + slice >= ctx.deadlineMs)
      fail('WAIT_DURATION', `a ${d} s wait would leave no slice before the deadline`);
    else advice.durationMs = Math.round(d * 1000);
  }

  if (a.new_rate !== null && used.includes('new_rate')) {
    const r = a.new_rate;
    if (a.action === 'ACCELERATE' && !(r > 1 && r <= L.maxRate))
      fail('RATE', `ACCELERATE needs new_rate in (1, ${L.maxRate}], got ${r}`);
    else if (a.action === 'DECELERATE' && !(r >= L.minRate && r < 1))
      fail('RATE', `DECELERATE needs new_rate in [${L.minRate}, 1), got ${r}`);
    else advice.rate = r;
  }

  return reasons.length ? { ok: false, reasons } : { ok: true, advice };
}

function toDec(n: number): Dec | undefined {
  if (!Number.isFinite(n)) return undefined;
  try {
    return new Dec(n);
  } catch {
    return undefined;
  }
}

/**
 * Model text ends up in logs, events and terminals: control characters (ANSI escapes, NUL, bidi
 * overrides) are removed so it can never rewrite what a reader sees.
 */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, '');
}

// Tab and line feed stay; other C0/C1 controls, zero-width marks and bidi overrides go.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

function clip(text: string, max = 200): string {
  const t = sanitizeText(text);
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

export function refusalText(reasons: readonly Refusal[]): string {
  return reasons.map((r) => `${r.code} ${r.message}`).join('; ');
}
