import { execution } from '@tranche/contracts';

export type Dependency = 'market-data' | 'impact' | 'decision' | 'risk';
const DEPENDENCIES: readonly Dependency[] = ['market-data', 'impact', 'decision', 'risk'];

/** The wire enum for a dependency; the text name travels beside it for readers of the events. */
export const dependencyKind: Readonly<Record<Dependency, execution.Dependency>> = {
  'market-data': execution.Dependency.DEPENDENCY_MARKET_DATA,
  impact: execution.Dependency.DEPENDENCY_IMPACT,
  decision: execution.Dependency.DEPENDENCY_DECISION,
  risk: execution.Dependency.DEPENDENCY_RISK,
};

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Per-dependency call counts, fallbacks and wall-time latencies of one parent order, so its report
 * says how often each service was missing and how close to its deadline the answers came.
 */
export class DependencyStats {
  private readonly calls = new Map<Dependency, number[]>();
  private readonly fallbacks = new Map<Dependency, number>();

  /** One call, answered or not; latency in wall-time ms. */
  recordCall(dependency: Dependency, latencyMs: number): void {
    let list = this.calls.get(dependency);
    if (!list) this.calls.set(dependency, (list = []));
    list.push(latencyMs);
  }

  recordFallback(dependency: Dependency): void {
    this.fallbacks.set(dependency, (this.fallbacks.get(dependency) ?? 0) + 1);
  }

  toWire(): execution.DependencyStats[] {
    return DEPENDENCIES.filter((d) => this.calls.has(d) || this.fallbacks.has(d)).map((dependency) => {
      const latencies = [...(this.calls.get(dependency) ?? [])].sort((a, b) => a - b);
      const fallbacks = this.fallbacks.get(dependency) ?? 0;
      const round = (x: number) => Math.round(x * 1000) / 1000;
      return execution.DependencyStats.create({
        dependency,
        kind: dependencyKind[dependency],
        calls: latencies.length,
        fallbacks,
        fallbackRate: latencies.length > 0 ? fallbacks / latencies.length : 0,
        latencyP50Ms: round(quantile(latencies, 0.5)),
        latencyP99Ms: round(quantile(latencies, 0.99)),
        latencyMaxMs: round(latencies[latencies.length - 1] ?? 0),
      });
    });
  }
}
