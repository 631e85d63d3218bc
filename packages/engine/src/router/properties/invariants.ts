import { execution, risk } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { isLive, type LedgerOrder } from './faulty-venue.js';
import type { RunRecord } from './run-scenario.js';

/** An invariant lists what broke it in one run, in words a counterexample can be read by; empty when it held. */
export type Invariant = (r: RunRecord, orders: LedgerOrder[]) => string[];

const MINUTE_MS = 60_000;
/** Risk compares the price band in floats: a hair over the limit in exact arithmetic is the same price. */
const BAND_SLACK_BPS = 1e-9;

const sum = (xs: Array<string | number>): Dec => xs.reduce<Dec>((s, x) => s.plus(x), new Dec(0));
const at = (r: RunRecord, ms: number): string => `+${ms - Number(r.parent?.startTime ?? 0)} ms`;

/** 1. The venue never fills more than the parent, and the parent records exactly what the venue filled. */
export const neverOverfills: Invariant = (r, orders) => {
  const out: string[] = [];
  const p = r.parent!;
  const venueFilled = sum(orders.map((o) => o.cumExecQty));
  if (venueFilled.gt(p.quantity)) out.push(`the venue filled ${venueFilled} of a ${p.quantity} parent`);
  if (!venueFilled.eq(p.filledQuantity || '0'))
    out.push(`the parent records ${p.filledQuantity} filled, the venue ${venueFilled}`);
  const stored = sum(r.fills.map((f) => f.quantity));
  if (!stored.eq(venueFilled))
    out.push(`the store holds fills for ${stored}, the venue filled ${venueFilled}`);
  for (const o of orders) {
    const id = o.request.orderLinkId;
    if (new Dec(o.cumExecQty).gt(o.request.qty))
      out.push(`${id} filled ${o.cumExecQty} at the venue, more than its ${o.request.qty}`);
    const child = r.children.find((c) => c.childId === id);
    if (!new Dec(child?.filledQuantity || '0').eq(o.cumExecQty))
      out.push(
        `${id} filled ${o.cumExecQty} at the venue, recorded as ${child?.filledQuantity ?? 'nothing'}`,
      );
  }
  return out;
};

/** 2. No child reaches the venue after the deadline, nothing trades after it, nothing is left working. */
export const neverTradesAfterDeadline: Invariant = (r, orders) => {
  const out: string[] = [];
  const p = r.parent!;
  const deadline = Number(p.deadline);
  const state = execution.ParentState[p.state];
  if (!['PARENT_STATE_COMPLETE', 'PARENT_STATE_FAILED', 'PARENT_STATE_CANCELLED'].includes(state))
    out.push(`the parent ended in ${state}, not a terminal state`);
  for (const o of orders) {
    const id = o.request.orderLinkId;
    if (o.acceptedAtMs > deadline)
      out.push(`${id} accepted at ${at(r, o.acceptedAtMs)}, after the deadline at ${at(r, deadline)}`);
    for (const f of o.fills)
      if (f.tsMs > deadline) out.push(`${id} traded ${f.qty} at ${at(r, f.tsMs)}, after the deadline`);
    if (isLive(o)) out.push(`${id} is still ${o.status} at the venue after the parent ended (${state})`);
  }
  return out;
};

/** 3. Every attempt to send a child finds its risk verdict recorded, and that verdict allowed it. */
export const riskVerdictBeforeSend: Invariant = (r, orders) => {
  const out: string[] = [];
  const checked = new Map<string, execution.ExecutionEvent>();
  const submitted = new Map<string, execution.ExecutionEvent>();
  for (const e of r.events) {
    if (e.riskChecked?.childId) checked.set(e.riskChecked.childId, e);
    const sent = e.childSubmitted?.child?.childId;
    if (sent && !submitted.has(sent)) submitted.set(sent, e);
  }
  for (const s of r.venue.submits)
    if (!s.storedVerdictId)
      out.push(`${s.orderLinkId} attempt ${s.attempt} reached the venue with no risk verdict in the store`);
  for (const o of orders) {
    const id = o.request.orderLinkId;
    const rc = checked.get(id);
    const verdict = rc?.riskChecked?.verdict;
    if (!rc || !verdict) {
      out.push(`${id} is at the venue with no RiskChecked event`);
      continue;
    }
    const allowed =
      verdict.decision === risk.RiskDecision.RISK_DECISION_APPROVE ||
      verdict.decision === risk.RiskDecision.RISK_DECISION_CLAMP;
    if (!allowed || verdict.tradingState === risk.TradingState.TRADING_STATE_HALTED || verdict.pauseParent)
      out.push(`${id} is at the venue though risk said ${risk.RiskDecision[verdict.decision ?? 0]}`);
    else if (new Dec(o.request.qty).gt(verdict.quantity || '0'))
      out.push(`${id} sent ${o.request.qty}, risk allowed ${verdict.quantity}`);
    const first = r.venue.submits.find((s) => s.orderLinkId === id);
    if (first?.storedVerdictId && first.storedVerdictId !== verdict.verdictId)
      out.push(`${id} was stored with verdict ${first.storedVerdictId}, the trail has ${verdict.verdictId}`);
    const sent = submitted.get(id);
    if (!sent) out.push(`${id} is at the venue with no ChildSubmitted event`);
    else if (Number(sent.sequence) < Number(rc.sequence))
      out.push(`${id}: ChildSubmitted (#${sent.sequence}) precedes its RiskChecked (#${rc.sequence})`);
  }
  return out;
};

/** 4. Every child at the venue kept the limits live when it was sent. */
export const liveLimitsHeld: Invariant = (r, orders) => {
  const out: string[] = [];
  const p = r.parent!;
  const l = r.limits;
  const arrival = new Dec(p.arrivalPrice);
  const buy = r.request.side === 1;
  for (const o of orders) {
    const id = o.request.orderLinkId;
    const price = o.request.price;
    if (price === undefined) {
      out.push(`${id} went out without a limit price`);
      continue;
    }
    const notional = new Dec(o.request.qty).times(price);
    if (notional.gt(l.maxOrderNotional))
      out.push(`${id}: notional ${notional} over the ${l.maxOrderNotional} limit`);
    const bps = new Dec(price).minus(arrival).abs().div(arrival).times(1e4);
    if (bps.gt(l.maxPriceDeviationBps + BAND_SLACK_BPS))
      out.push(
        `${id}: price ${price} is ${bps.toFixed(2)} bps from arrival ${arrival}, band ${l.maxPriceDeviationBps}`,
      );
    if (r.parentLimitPrice !== undefined) {
      const limit = r.parentLimitPrice;
      const breaks = (px: string) => (buy ? new Dec(px).gt(limit) : new Dec(px).lt(limit));
      if (breaks(price)) out.push(`${id}: price ${price} through the parent's limit ${limit}`);
      for (const f of o.fills)
        if (breaks(f.price)) out.push(`${id}: filled at ${f.price}, through the parent's limit ${limit}`);
    }
  }
  const times = orders.map((o) => o.acceptedAtMs);
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const inWindow = times.filter((u) => u > t - MINUTE_MS && u <= t).length;
    if (inWindow > l.maxOrdersPerMinutePerParent) {
      out.push(`${inWindow} children in the minute to ${at(r, t)}, limit ${l.maxOrdersPerMinutePerParent}`);
      break;
    }
  }
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap < l.minIntervalMs)
      out.push(
        `${orders[i]!.request.orderLinkId} sent ${gap} ms after the previous child, minimum ${l.minIntervalMs} ms`,
      );
  }
  return out;
};

/** 5. Filled plus remaining is the target at every step, never negative; each child id reaches the venue once. */
export const quantityConserved: Invariant = (r, orders) => {
  const out: string[] = [];
  const p = r.parent!;
  const target = new Dec(p.quantity);
  const filled = new Dec(p.filledQuantity || '0');
  if (filled.lt(0) || filled.gt(target))
    out.push(`filled ${filled} of ${target}: remaining ${target.minus(filled)}`);
  let running = new Dec(0);
  for (const e of r.events) {
    if (e.childFilled) {
      running = running.plus(e.childFilled.fill?.quantity || '0');
      const said = e.childFilled.parentFilledQuantity;
      if (!running.eq(said || '0'))
        out.push(`event #${e.sequence} says the parent filled ${said}, its fills add up to ${running}`);
      if (running.gt(target)) out.push(`event #${e.sequence}: ${running} filled of ${target}`);
    }
    const plan = e.schedulePlanned;
    if (plan) {
      const planned = sum(plan.sliceQuantities ?? []);
      if (!planned.plus(running).eq(target))
        out.push(
          `plan from slice ${plan.fromSlice} (event #${e.sequence}) schedules ${planned} with ${running} filled, target ${target}`,
        );
    }
  }
  const seen = new Set<string>();
  for (const id of r.venue.accepted) {
    if (seen.has(id)) out.push(`${id} was accepted by the venue twice`);
    seen.add(id);
  }
  for (const o of orders) {
    const id = o.request.orderLinkId;
    const child = r.children.find((c) => c.childId === id);
    if (!child) out.push(`${id} is at the venue but not in the store`);
    else if (child.quantity !== o.request.qty || (child.price || undefined) !== o.request.price)
      out.push(
        `${id} is ${o.request.qty} at ${o.request.price} at the venue, ${child.quantity} at ${child.price} in the store`,
      );
  }
  for (const c of r.children)
    if (new Dec(c.filledQuantity || '0').gt(c.quantity) || new Dec(c.filledQuantity || '0').lt(0))
      out.push(`${c.childId} records ${c.filledQuantity} filled of ${c.quantity}`);
  return out;
};

export const INVARIANTS: ReadonlyArray<[string, Invariant]> = [
  ['1 never over-fills', neverOverfills],
  ['2 never trades after the deadline', neverTradesAfterDeadline],
  ['3 risk verdict recorded before every send', riskVerdictBeforeSend],
  ['4 no live limit violated', liveLimitsHeld],
  ['5 quantity conserved, child ids unique', quantityConserved],
];

/** Every invariant broken in a run, each line naming the invariant; empty when all held. */
export function violations(r: RunRecord, only?: readonly Invariant[]): string[] {
  if (r.refused) return [`the router refused a valid parent: ${r.refused}`];
  if (r.hung) return ['the parent never reached a terminal state'];
  if (!r.parent) return ['the parent is not in the store'];
  const orders = r.venue.ordersOf(r.parentId);
  return INVARIANTS.filter(([, check]) => !only || only.includes(check)).flatMap(([name, check]) =>
    check(r, orders).map((v) => `[${name}] ${v}`),
  );
}
