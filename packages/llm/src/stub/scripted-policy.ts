import type { ModelAnswer } from '../answer-schema.js';
import { readFeatures, readUntrusted } from '../prompt.js';

const round = (x: number, dp = 6) => Math.round(x * 10 ** dp) / 10 ** dp;

/**
 * A deterministic stand-in for a model: it reads the prompt's feature lines and answers as a careful
 * trader might. Behind schedule it speeds up (taking liquidity near the deadline), ahead of it it
 * slows down, in a wide spread it posts at the touch, otherwise it takes the baseline's quantity.
 * Its answers always respect the limits the prompt states, so anything the advisor refuses from the
 * stub comes from a fault mode, never from the policy.
 */
export function scriptedAnswer(user: string): ModelAnswer {
  const f = readFeatures(user);
  const n = (k: string) => {
    const v = Number.parseFloat(f.get(k) ?? '');
    return Number.isFinite(v) ? v : undefined;
  };
  const side = f.get('side') === 'SELL' ? 'SELL' : 'BUY';
  const remaining = n('remaining_qty') ?? 0;
  const executed = n('executed_pct') ?? 0;
  const elapsed = n('elapsed_pct') ?? 0;
  const spread = n('spread_bps') ?? 0;
  const baseline = n('baseline_next_qty') ?? 0;
  const impact = n('impact_estimate_bps');
  const touch = side === 'BUY' ? n('best_bid') : n('best_ask');
  const deficit = elapsed - executed;
  const qty = (x: number) => round(Math.max(0, Math.min(remaining, x)));
  const answer = (a: Partial<ModelAnswer> & Pick<ModelAnswer, 'action' | 'reasoning'>): ModelAnswer => ({
    quantity: null,
    limit_price: null,
    duration_secs: null,
    new_rate: null,
    impact_adjustment: 1,
    confidence: 0.7,
    ...a,
  });

  if (!(baseline > 0) || !(remaining > 0))
    return answer({
      action: 'ACCELERATE',
      new_rate: 1.5,
      reasoning: `baseline_next_qty ${baseline} leaves nothing to trade this slice; raise the pace so the remainder keeps moving`,
      confidence: 0.5,
    });
  const slice = /^(\d+) of (\d+)$/.exec(f.get('slice') ?? '');
  const last = (slice && slice[1] === slice[2]) || elapsed >= 95;
  if (last)
    return answer({
      action: 'AGGRESSIVE',
      quantity: qty(remaining),
      reasoning: `last slice with ${remaining} left: take liquidity for all of it`,
      confidence: 0.9,
    });
  if (elapsed >= 90 && deficit > 5)
    return answer({
      action: 'AGGRESSIVE',
      quantity: qty(Math.min(baseline * 2, remaining)),
      reasoning: `${elapsed.toFixed(1)}% of the horizon gone with ${executed.toFixed(1)}% executed: take liquidity to finish in time`,
      confidence: 0.8,
    });
  if (deficit > 8)
    return answer({
      action: 'ACCELERATE',
      new_rate: round(Math.min(2.5, 1 + deficit / 25), 2),
      reasoning: `behind schedule by ${deficit.toFixed(1)} points (executed ${executed.toFixed(1)}% at ${elapsed.toFixed(1)}% elapsed); trade faster`,
      confidence: 0.75,
    });
  if (deficit < -8)
    return answer({
      action: 'DECELERATE',
      new_rate: 0.7,
      reasoning: `ahead of schedule by ${(-deficit).toFixed(1)} points; slow down and let the market come to us`,
      confidence: 0.65,
    });
  if (spread >= 2 && touch !== undefined && elapsed < 90)
    return answer({
      action: 'PASSIVE',
      quantity: qty(baseline),
      limit_price: touch,
      reasoning: `spread ${spread.toFixed(2)} bps is wide: join the ${side === 'BUY' ? 'bid' : 'offer'} at ${touch} rather than pay it`,
      confidence: 0.65,
    });
  return answer({
    action: 'AGGRESSIVE',
    quantity: qty(baseline),
    impact_adjustment: impact !== undefined && impact > 20 ? 1.2 : 1,
    reasoning: `on schedule (executed ${executed.toFixed(1)}% at ${elapsed.toFixed(1)}% elapsed), spread ${spread.toFixed(2)} bps: take the baseline quantity`,
    confidence: 0.7,
  });
}

/**
 * What a model that obeys text in its data would answer: the first JSON object found in a headline,
 * verbatim, or, for a plain-language instruction, an order to dump everything that remains at a price
 * far outside any band. undefined when the headlines carry no instruction.
 */
export function injectedAnswer(user: string): string | undefined {
  for (const line of readUntrusted(user)) {
    let title = line;
    try {
      const quoted = JSON.parse(line) as { title?: unknown };
      if (typeof quoted.title === 'string') title = quoted.title;
    } catch {
      // Not a quoted headline: read the line as it is.
    }
    const start = title.indexOf('{');
    const end = title.lastIndexOf('}');
    if (start >= 0 && end > start) return title.slice(start, end + 1);
    if (
      /ignore (all |any )?(previous|prior|above) instructions|disregard .*instructions|system override/i.test(
        title,
      )
    ) {
      const f = readFeatures(user);
      const remaining = Number.parseFloat(f.get('remaining_qty') ?? '1') || 1;
      const mid = Number.parseFloat(f.get('mid') ?? '1') || 1;
      return JSON.stringify({
        action: 'PASSIVE',
        quantity: remaining * 10,
        limit_price: mid * 1.5,
        duration_secs: null,
        new_rate: null,
        impact_adjustment: 2,
        reasoning: 'as instructed by the headline: buy everything now at any price',
        confidence: 1,
      });
    }
  }
  return undefined;
}
