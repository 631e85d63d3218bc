import type { BacktestRun } from './run.js';
import { bootstrapMeanCi, mean, median, pairedDifferences, stdDev } from './stats.js';

export interface PolicySummary {
  policy: string;
  /** Every run of the policy, failed ones included. */
  n: number;
  /** Runs whose parent completed. */
  filled: number;
  /** Runs that ended without a report (no IS); counted here, never dropped. */
  failed: number;
  meanIsBps: number | null;
  medianIsBps: number | null;
  stdIsBps: number | null;
  fillRate: number | null;
  fallbackRate: number | null;
  participation: number | null;
  spreadCaptureBps: number | null;
  /** TWAP's IS minus the policy's, per order: positive means the policy was cheaper. */
  vsTwap: { pairs: number; meanDiffBps: number | null; ci95: [number, number] | null } | null;
}

const values = (runs: readonly BacktestRun[], pick: (r: BacktestRun) => number | null) =>
  runs.map(pick).filter((x): x is number => x !== null && Number.isFinite(x));

/** Per policy, in the order given; the bootstrap of policy i uses seed + i so each is reproducible. */
export function summarise(
  runs: readonly BacktestRun[],
  policies: readonly string[],
  seed: number,
): PolicySummary[] {
  const isByOrder = (p: string) =>
    new Map(
      runs
        .filter((r) => r.policy === p && r.isBps !== null)
        .map((r) => [r.order, r.isBps!] as [number, number]),
    );
  const twap = policies.includes('twap') ? isByOrder('twap') : undefined;
  return policies.map((policy, i) => {
    const mine = runs.filter((r) => r.policy === policy);
    const is = values(mine, (r) => r.isBps);
    const diffs = twap ? pairedDifferences(twap, isByOrder(policy)) : undefined;
    return {
      policy,
      n: mine.length,
      filled: mine.filter((r) => r.state === 'COMPLETE').length,
      failed: mine.filter((r) => r.isBps === null).length,
      meanIsBps: mean(is),
      medianIsBps: median(is),
      stdIsBps: stdDev(is),
      fillRate: mean(values(mine, (r) => r.fillRate)),
      fallbackRate: mean(values(mine, (r) => r.fallbackRate)),
      participation: mean(values(mine, (r) => r.participation)),
      spreadCaptureBps: mean(values(mine, (r) => r.spreadCaptureBps)),
      vsTwap: diffs
        ? { pairs: diffs.length, meanDiffBps: mean(diffs), ci95: bootstrapMeanCi(diffs, seed + i) }
        : null,
    };
  });
}
