import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestCommand } from '../src/backtest/command.js';
import type { BacktestReport } from '../src/backtest/report.js';

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await backtestCommand(args, (l) => lines.push(l), {});
  return { code, lines };
}

/** Half an hour of market before each order, not a day: the router then sizes daily volume from less, which tiny parents do not reach. */
const SMALL = [
  '--warm-up',
  '30m',
  '--orders',
  '3',
  '--policies',
  'twap,is',
  '--horizon',
  '2m..5m',
  '--size-adv',
  '0.001%..0.003%',
];

describe('tranche backtest on the synthetic market', () => {
  let first: { code: number; lines: string[] };
  let report: BacktestReport;

  beforeAll(async () => {
    first = await run([...SMALL, '--seed', '5', '--json']);
    report = JSON.parse(first.lines[0]!) as BacktestReport;
  }, 120_000);

  it('runs every order under every policy and reports one summary row per policy', () => {
    expect(first.code).toBe(0);
    expect(first.lines).toHaveLength(1);
    expect(report.config).toMatchObject({ orders: 3, seed: 5, policies: ['twap', 'is'] });
    expect(report.runs).toHaveLength(6);
    for (const policy of ['twap', 'is'])
      expect(
        report.runs
          .filter((r) => r.policy === policy)
          .map((r) => r.order)
          .sort(),
      ).toEqual([0, 1, 2]);
    for (const r of report.runs) {
      expect(typeof r.isBps).toBe('number');
      expect(r.venueViolations).toBe(0);
      expect(Number(r.filledQuantity)).toBeGreaterThan(0);
    }
    const [twap, is] = report.summary;
    expect(twap).toMatchObject({ policy: 'twap', n: 3, failed: 0, vsTwap: { pairs: 3, ci95: [0, 0] } });
    expect(is).toMatchObject({ policy: 'is', n: 3, failed: 0 });
    // The paired difference is TWAP's IS minus the policy's on each order.
    const byOrder = (p: string) =>
      report.runs.filter((r) => r.policy === p).sort((a, b) => a.order - b.order);
    const diffs = byOrder('twap').map((t, i) => t.isBps! - byOrder('is')[i]!.isBps!);
    expect(is!.vsTwap!.meanDiffBps).toBeCloseTo(diffs.reduce((s, d) => s + d, 0) / 3, 9);
    const [lo, hi] = is!.vsTwap!.ci95!;
    expect(lo).toBeLessThanOrEqual(is!.vsTwap!.meanDiffBps!);
    expect(hi).toBeGreaterThanOrEqual(is!.vsTwap!.meanDiffBps!);
  });

  it('gives byte-identical JSON for the same seed, so TWAP on the same tape gives the same result', async () => {
    const again = await run([...SMALL, '--seed', '5', '--json']);
    expect(again.lines[0]).toBe(first.lines[0]);
    const twapIs = (r: BacktestReport) => r.runs.filter((x) => x.policy === 'twap').map((x) => x.isBps);
    expect(twapIs(JSON.parse(again.lines[0]!) as BacktestReport)).toEqual(twapIs(report));
  }, 120_000);

  it('draws other orders from another seed', async () => {
    const other = JSON.parse((await run([...SMALL, '--seed', '6', '--json'])).lines[0]!) as BacktestReport;
    expect(
      other.runs.filter((r) => r.policy === 'twap').map((r) => [r.side, r.quantity, r.horizonMs]),
    ).not.toEqual(
      report.runs.filter((r) => r.policy === 'twap').map((r) => [r.side, r.quantity, r.horizonMs]),
    );
  }, 120_000);

  it('prints a table per policy and writes a self-contained HTML report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'backtest-')), 'report.html');
    const { code, lines } = await run([
      '--warm-up',
      '30m',
      '--orders',
      '1',
      '--policies',
      'twap,heuristic',
      '--horizon',
      '2m',
      '--size-adv',
      '0.001%',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const header = lines.findIndex((l) => l.startsWith('policy'));
    expect(lines[header]).toMatch(/mean IS\s+median IS\s+sd IS\s+vs TWAP/);
    expect(lines[header + 1]).toMatch(/^twap\s+1\s+\d/);
    expect(lines[header + 2]).toMatch(/^heuristic\s+1\s+\d/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('aria-label="IS distribution per policy"');
    expect(html).toContain('aria-label="paired difference against TWAP"');
    expect(html).toContain('<td>heuristic</td>');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
  }, 120_000);

  it('refuses an unknown policy and a range given the wrong way round, naming the flag', async () => {
    await expect(run(['--policies', 'twap,best'])).rejects.toThrow(/--policies: unknown policy "best"/);
    await expect(run(['--horizon', '2h..5m'])).rejects.toThrow(/--horizon must be LO\.\.HI/);
    await expect(run(['--size-adv', '5%..0.5%'])).rejects.toThrow(/--size-adv/);
  });
});
