import type { CallOutcome } from './audit.js';
import type { BreakerState } from './llm-client.js';

/** Upper bounds of the decision-latency histogram, seconds: a decide is answered from memory or Redis. */
export const DECIDE_LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.25];

/**
 * This replica's totals: decision latency, call outcomes, fallback rate, adaptations, tokens and cost.
 * Per-parent figures live in the AdviceStore (shared by replicas); these are what /metrics exports.
 */
export class LlmMetrics {
  private readonly buckets = new Array<number>(DECIDE_LATENCY_BUCKETS.length).fill(0);
  private latencySum = 0;
  private latencyCount = 0;
  readonly outcomes: Record<CallOutcome, number> = { used: 0, refused: 0, late: 0, error: 0 };
  readonly slices = { llm: 0, heuristic: 0 };
  readonly fallbacks = new Map<string, number>();
  adaptations = 0;
  tokensIn = 0;
  tokensOut = 0;
  costUsd = 0;
  modelLatencyMsSum = 0;

  observeDecide(seconds: number): void {
    this.latencySum += seconds;
    this.latencyCount++;
    const i = DECIDE_LATENCY_BUCKETS.findIndex((b) => seconds <= b);
    if (i >= 0) this.buckets[i]!++;
  }

  /** Latency quantile from the histogram (the bucket's upper bound), seconds; NaN before any decide. */
  decideQuantile(q: number): number {
    if (this.latencyCount === 0) return Number.NaN;
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= q * this.latencyCount) return DECIDE_LATENCY_BUCKETS[i]!;
    }
    return Number.POSITIVE_INFINITY;
  }

  observeSlice(source: 'llm' | 'heuristic', fallbackKind?: string, adapted = false): void {
    this.slices[source]++;
    if (fallbackKind) this.fallbacks.set(fallbackKind, (this.fallbacks.get(fallbackKind) ?? 0) + 1);
    if (adapted) this.adaptations++;
  }

  observeCall(outcome: CallOutcome, tokensIn: number, tokensOut: number, costUsd: number, latencyMs: number) {
    this.outcomes[outcome]++;
    this.tokensIn += tokensIn;
    this.tokensOut += tokensOut;
    this.costUsd += costUsd;
    this.modelLatencyMsSum += latencyMs;
  }

  get fallbackRate(): number {
    const all = this.slices.llm + this.slices.heuristic;
    return all === 0 ? 0 : this.slices.heuristic / all;
  }

  /** Prometheus text exposition (version 0.0.4). */
  toPrometheus(labels: { model: string; breaker?: BreakerState }): string {
    const out: string[] = [];
    const model = `model="${escapeLabel(labels.model || 'none')}"`;
    out.push('# HELP tranche_decision_latency_seconds Time to answer decision.v1.decide.');
    out.push('# TYPE tranche_decision_latency_seconds histogram');
    let cumulative = 0;
    DECIDE_LATENCY_BUCKETS.forEach((b, i) => {
      cumulative += this.buckets[i]!;
      out.push(`tranche_decision_latency_seconds_bucket{le="${b}"} ${cumulative}`);
    });
    out.push(`tranche_decision_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`tranche_decision_latency_seconds_sum ${this.latencySum}`);
    out.push(`tranche_decision_latency_seconds_count ${this.latencyCount}`);
    out.push('# HELP tranche_llm_calls_total Model calls by outcome.');
    out.push('# TYPE tranche_llm_calls_total counter');
    for (const [k, v] of Object.entries(this.outcomes))
      out.push(`tranche_llm_calls_total{${model},outcome="${k}"} ${v}`);
    out.push('# HELP tranche_decision_slices_total Slices decided, by source.');
    out.push('# TYPE tranche_decision_slices_total counter');
    out.push(`tranche_decision_slices_total{source="llm"} ${this.slices.llm}`);
    out.push(`tranche_decision_slices_total{source="heuristic"} ${this.slices.heuristic}`);
    out.push('# HELP tranche_decision_fallbacks_total Slices decided without valid LLM advice, by reason.');
    out.push('# TYPE tranche_decision_fallbacks_total counter');
    for (const [k, v] of this.fallbacks)
      out.push(`tranche_decision_fallbacks_total{reason="${escapeLabel(k)}"} ${v}`);
    out.push('# HELP tranche_decision_fallback_ratio Slices without valid LLM advice over all slices.');
    out.push('# TYPE tranche_decision_fallback_ratio gauge');
    out.push(`tranche_decision_fallback_ratio ${this.fallbackRate}`);
    out.push('# HELP tranche_decision_adaptations_total Decisions that changed the baseline slice.');
    out.push('# TYPE tranche_decision_adaptations_total counter');
    out.push(`tranche_decision_adaptations_total ${this.adaptations}`);
    out.push('# HELP tranche_llm_tokens_total Tokens sent and received.');
    out.push('# TYPE tranche_llm_tokens_total counter');
    out.push(`tranche_llm_tokens_total{${model},direction="in"} ${this.tokensIn}`);
    out.push(`tranche_llm_tokens_total{${model},direction="out"} ${this.tokensOut}`);
    out.push('# HELP tranche_llm_cost_usd_total Estimated cost at the configured prices.');
    out.push('# TYPE tranche_llm_cost_usd_total counter');
    out.push(`tranche_llm_cost_usd_total{${model}} ${this.costUsd}`);
    if (labels.breaker) {
      out.push('# HELP tranche_llm_circuit_open 1 while the circuit to the model is open, 0.5 half-open.');
      out.push('# TYPE tranche_llm_circuit_open gauge');
      const v = labels.breaker === 'OPEN' ? 1 : labels.breaker === 'HALF_OPEN' ? 0.5 : 0;
      out.push(`tranche_llm_circuit_open{${model}} ${v}`);
    }
    return `${out.join('\n')}\n`;
  }
}

const escapeLabel = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
