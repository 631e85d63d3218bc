import { execution, risk } from '@tranche/contracts';
import type { ParentRun } from './parent-run.js';

/** What one slice did, in the words a trader would use. */
export interface SliceSummary {
  /** 0-based, as in child ids and events. */
  sliceIndex: number;
  /** When the slice first acted (ms since epoch); 0 when only an event without a time is known. */
  time: number;
  childOrders: number;
  filledQuantity: string;
  /** Quantity-weighted fill price; empty when nothing filled. */
  averagePrice: string;
  /** Order type and time in force of its children, e.g. "Limit PostOnly". */
  styles: string[];
  outcome: 'filled' | 'partly filled' | 'not filled' | 'denied' | 'rejected' | 'skipped' | 'no order';
  denied: number;
  rejected: number;
  /** Why it was denied, rejected, clamped or skipped, and which dependency it went on without. */
  reasons: string[];
}

export interface Denial {
  sliceIndex: number;
  childId: string;
  evaluatedBy: string;
  reasons: Array<{ code: string; message: string }>;
}

export interface FallbackNote {
  sliceIndex: number;
  dependency: string;
  reason: string;
  substitute: string;
}

export interface RunSummary {
  slices: SliceSummary[];
  denials: Denial[];
  fallbacks: FallbackNote[];
}

/** Fees on linear perpetuals are charged in the settle coin: the quote coin of the symbol. */
export function feeCurrency(symbol: string): string {
  return /USDC$/.test(symbol) ? 'USDC' : 'USDT';
}

const decimalsOf = (step: string) => (step.includes('.') ? step.length - step.indexOf('.') - 1 : 0);

/** Sums venue quantities without float noise, at the precision of the inputs. */
function sumDecimals(values: readonly string[]): string {
  const dp = Math.max(0, ...values.map(decimalsOf));
  const total = values.reduce((s, v) => s + Math.round(Number(v) * 10 ** dp), 0);
  return (total / 10 ** dp).toFixed(dp).replace(/\.?0+$/, '') || '0';
}

function reasonText(r: risk.IRiskReason): string {
  return `${r.code ?? ''}${r.message ? ` ${r.message}` : ''}`.trim();
}

function decisionText(d: execution.IDecisionTaken): string | undefined {
  const decision = d.decision;
  if (!decision?.action) return undefined;
  const why = decision.reasoning ? ` (${decision.reasoning})` : '';
  return `policy chose ${decision.action}${why}`;
}

/**
 * Folds a finished run into one row per slice. Children and fills come from the router's status;
 * denials, rejections, fallbacks and skips from the event log. Event kinds not handled here are
 * ignored, so a newer router with more kinds of events still summarises.
 */
export function summariseRun(run: ParentRun): RunSummary {
  const parentId = run.parent.parentId;
  const events = run.events.filter((e) => !e.correlationId || e.correlationId === parentId);
  const rows = new Map<number, SliceSummary>();
  const row = (sliceIndex: number, time = 0): SliceSummary => {
    let r = rows.get(sliceIndex);
    if (!r) {
      r = {
        sliceIndex,
        time,
        childOrders: 0,
        filledQuantity: '0',
        averagePrice: '',
        styles: [],
        outcome: 'no order',
        denied: 0,
        rejected: 0,
        reasons: [],
      };
      rows.set(sliceIndex, r);
    }
    if (time > 0 && (r.time === 0 || time < r.time)) r.time = time;
    return r;
  };
  const addReason = (r: SliceSummary, text: string) => {
    if (!r.reasons.includes(text)) r.reasons.push(text);
  };

  const sliceOfChild = new Map<string, number>();
  const sentQty = new Map<number, string[]>();
  for (const c of run.children) {
    sliceOfChild.set(c.childId, c.sliceIndex);
    const r = row(c.sliceIndex, Number(c.createdAt));
    r.childOrders++;
    const style = `${c.orderType} ${c.timeInForce}`.trim();
    if (style && !r.styles.includes(style)) r.styles.push(style);
    if (c.state !== execution.ChildState.CHILD_STATE_DENIED) {
      sentQty.set(c.sliceIndex, [...(sentQty.get(c.sliceIndex) ?? []), c.quantity]);
    }
  }

  const fillsBySlice = new Map<number, execution.Fill[]>();
  for (const f of run.fills) {
    const s = sliceOfChild.get(f.childId);
    if (s === undefined) continue;
    fillsBySlice.set(s, [...(fillsBySlice.get(s) ?? []), f]);
  }
  for (const [s, fills] of fillsBySlice) {
    const r = row(s);
    r.filledQuantity = sumDecimals(fills.map((f) => f.quantity));
    const qty = fills.reduce((a, f) => a + Number(f.quantity), 0);
    const notional = fills.reduce((a, f) => a + Number(f.quantity) * Number(f.price), 0);
    const priceDp = Math.max(2, ...fills.map((f) => decimalsOf(f.price)));
    if (qty > 0) r.averagePrice = (notional / qty).toFixed(priceDp);
  }

  const denials: Denial[] = [];
  const fallbacks: FallbackNote[] = [];
  const decisions = new Map<number, string>();
  const skipped = new Set<number>();
  for (const e of events) {
    const t = Number(e.tsEvent ?? 0);
    if (e.childDenied) {
      const child = e.childDenied.child;
      const s = child?.sliceIndex ?? 0;
      const verdict = e.childDenied.verdict;
      const reasons = (verdict?.reasons ?? []).map((x) => ({ code: x.code ?? '', message: x.message ?? '' }));
      denials.push({
        sliceIndex: s,
        childId: child?.childId ?? '',
        evaluatedBy: verdict?.evaluatedBy ?? '',
        reasons,
      });
      const r = row(s, t);
      r.denied++;
      const why = reasons.map(reasonText).join('; ') || 'no reason given';
      addReason(r, `denied by risk: ${why}`);
    } else if (e.childRejected) {
      const s = e.childRejected.child?.sliceIndex ?? 0;
      const r = row(s, t);
      r.rejected++;
      addReason(r, `rejected by the venue: ${e.childRejected.reason || 'no reason given'}`);
    } else if (e.fallbackUsed) {
      const f = e.fallbackUsed;
      const note: FallbackNote = {
        sliceIndex: f.sliceIndex ?? 0,
        dependency: f.dependency ?? '',
        reason: f.reason ?? '',
        substitute: f.substitute ?? '',
      };
      fallbacks.push(note);
      addReason(
        row(note.sliceIndex, t),
        `went on without ${note.dependency} (${note.reason}), used ${note.substitute || 'nothing'}`,
      );
    } else if (e.riskChecked?.verdict?.decision === risk.RiskDecision.RISK_DECISION_CLAMP) {
      const childId = e.riskChecked.childId ?? '';
      const s = sliceOfChild.get(childId);
      if (s !== undefined)
        addReason(
          row(s, t),
          `clamped by risk to ${e.riskChecked.verdict.quantity}: ${(e.riskChecked.verdict.reasons ?? []).map(reasonText).join('; ')}`,
        );
    } else if (e.sliceSkipped) {
      const s = e.sliceSkipped.sliceIndex ?? 0;
      skipped.add(s);
      addReason(row(s, t), `skipped: ${e.sliceSkipped.reason || 'no reason given'}`);
    } else if (e.decisionTaken) {
      const text = decisionText(e.decisionTaken);
      if (text) decisions.set(e.decisionTaken.sliceIndex ?? 0, text);
      row(e.decisionTaken.sliceIndex ?? 0, t);
    }
  }

  for (const r of rows.values()) {
    const sent = sentQty.get(r.sliceIndex) ?? [];
    const filled = Number(r.filledQuantity);
    if (r.childOrders === 0 && r.denied === 0 && r.rejected === 0) {
      r.outcome = skipped.has(r.sliceIndex) ? 'skipped' : 'no order';
      const d = decisions.get(r.sliceIndex);
      if (r.outcome === 'no order' && d) addReason(r, d);
    } else if (filled > 0) {
      r.outcome = filled >= Number(sumDecimals(sent)) ? 'filled' : 'partly filled';
    } else if (r.denied > 0 && r.denied >= r.childOrders) r.outcome = 'denied';
    else if (r.rejected > 0) r.outcome = 'rejected';
    else r.outcome = 'not filled';
  }
  return { slices: [...rows.values()].sort((a, b) => a.sliceIndex - b.sliceIndex), denials, fallbacks };
}
