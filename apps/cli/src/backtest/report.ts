import type { BacktestRun } from './run.js';
import type { PolicySummary } from './summary.js';

export interface BacktestReport {
  config: Record<string, unknown> & { orders: number; seed: number };
  summary: PolicySummary[];
  runs: BacktestRun[];
}

const f = (x: number | null | undefined, dp = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(dp));
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`;
const ci = (c: [number, number] | null | undefined) => (c ? `[${f(c[0])}, ${f(c[1])}]` : 'n/a');

const COLUMNS = [
  'policy',
  'n',
  'filled',
  'failed',
  'mean IS',
  'median IS',
  'sd IS',
  'vs TWAP',
  'vs TWAP 95% CI',
  'fill rate',
  'fallback',
  'particip.',
  'spread capt.',
] as const;

function rows(summary: readonly PolicySummary[]): string[][] {
  return summary.map((s) => [
    s.policy,
    String(s.n),
    String(s.filled),
    String(s.failed),
    f(s.meanIsBps),
    f(s.medianIsBps),
    f(s.stdIsBps),
    s.policy === 'twap' ? '-' : f(s.vsTwap?.meanDiffBps),
    s.policy === 'twap' ? '-' : ci(s.vsTwap?.ci95),
    pct(s.fillRate),
    pct(s.fallbackRate),
    pct(s.participation),
    f(s.spreadCaptureBps),
  ]);
}

/** One row per policy, columns aligned; IS figures in bps. */
export function textReport(r: BacktestReport): string[] {
  const table = [[...COLUMNS], ...rows(r.summary)];
  const widths = COLUMNS.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [
    `Tranche backtest: ${r.config.orders} orders x ${r.summary.length} policies, seed ${r.config.seed}`,
    'IS in bps, positive = cost; vs TWAP = TWAP IS minus policy IS on the same orders (positive = cheaper)',
    '',
    ...table.map(line),
    ...failures(r.runs),
  ];
}

/** Why runs failed, one line per distinct reason, so a refused order size is visible without --json. */
function failures(runs: readonly BacktestRun[]): string[] {
  const reasons = new Map<string, string[]>();
  for (const r of runs)
    if (r.error !== undefined) {
      const key = r.error.replace(/\d+(\.\d+)?/g, '#');
      reasons.set(key, [...(reasons.get(key) ?? []), `${r.policy} #${r.order}`]);
    }
  if (reasons.size === 0) return [];
  const first = (key: string) => runs.find((r) => r.error?.replace(/\d+(\.\d+)?/g, '#') === key)!.error!;
  return [
    '',
    'failed runs (counted in n and failed, not in the IS figures):',
    ...[...reasons].map(([key, which]) => `  ${which.length} run(s), e.g. ${which[0]}: ${first(key)}`),
  ];
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One row per policy: each run's IS as a dot, the mean as a bar. An inline SVG, so the page needs
 * nothing from the network.
 */
function isChart(r: BacktestReport): string {
  const values = r.runs.map((x) => x.isBps).filter((x): x is number => x !== null);
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const [W, left, right, rowH, top] = [760, 110, 20, 34, 20];
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const H = top + rowH * r.summary.length + 30;
  const parts: string[] = [];
  r.summary.forEach((s, i) => {
    const y = top + rowH * i + rowH / 2;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(s.policy)}</text>`);
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    for (const run of r.runs.filter((x) => x.policy === s.policy && x.isBps !== null))
      parts.push(
        `<circle cx="${x(run.isBps!).toFixed(1)}" cy="${y}" r="4" fill="#3465a4" fill-opacity="0.5"><title>order ${run.order}: ${run.isBps!.toFixed(2)} bps</title></circle>`,
      );
    if (s.meanIsBps !== null)
      parts.push(
        `<line x1="${x(s.meanIsBps).toFixed(1)}" x2="${x(s.meanIsBps).toFixed(1)}" y1="${y - 11}" y2="${y + 11}" stroke="#cc0000" stroke-width="2"><title>mean ${s.meanIsBps.toFixed(2)} bps</title></line>`,
      );
  });
  const axisY = top + rowH * r.summary.length + 4;
  parts.push(
    `<line x1="${x(0)}" x2="${x(0)}" y1="${top}" y2="${axisY}" stroke="#888" stroke-dasharray="3,3"/>`,
  );
  for (const v of [lo, 0, hi].filter((v, i, a) => a.indexOf(v) === i))
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${v.toFixed(1)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12" role="img" aria-label="IS distribution per policy">${parts.join('')}</svg>`;
}

/** One row per policy other than TWAP: the mean paired difference and its 95% CI as a whisker. */
function diffChart(r: BacktestReport): string {
  const rows = r.summary.filter(
    (s) => s.policy !== 'twap' && s.vsTwap?.ci95 && s.vsTwap.meanDiffBps !== null,
  );
  if (rows.length === 0) return '<p>No policy besides TWAP: nothing to pair.</p>';
  const ends = rows.flatMap((s) => s.vsTwap!.ci95!);
  const lo = Math.min(-1, ...ends);
  const hi = Math.max(1, ...ends);
  const [W, left, right, rowH, top] = [760, 110, 20, 30, 20];
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const axisY = top + rowH * rows.length + 4;
  const parts: string[] = [
    `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${top}" y2="${axisY}" stroke="#888" stroke-dasharray="3,3"/>`,
  ];
  rows.forEach((s, i) => {
    const y = top + rowH * i + rowH / 2;
    const [a, b] = s.vsTwap!.ci95!;
    const m = s.vsTwap!.meanDiffBps!;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(s.policy)}</text>`);
    parts.push(
      `<line x1="${x(a).toFixed(1)}" x2="${x(b).toFixed(1)}" y1="${y}" y2="${y}" stroke="#3465a4" stroke-width="2"/>`,
    );
    parts.push(
      `<circle cx="${x(m).toFixed(1)}" cy="${y}" r="5" fill="#3465a4"><title>${esc(s.policy)}: ${m.toFixed(2)} bps, 95% CI [${a.toFixed(2)}, ${b.toFixed(2)}]</title></circle>`,
    );
  });
  for (const v of [lo, 0, hi])
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${v.toFixed(1)}</text>`);
  const H = axisY + 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12" role="img" aria-label="paired difference against TWAP">${parts.join('')}</svg>`;
}

/** A self-contained page: the summary table, the IS distribution and the paired differences per policy. */
export function htmlReport(r: BacktestReport): string {
  const head = COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows(r.summary)
    .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tranche backtest</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}pre{background:#f6f6f6;padding:1em}</style>
</head><body>
<h1>Tranche backtest</h1>
<p>${r.config.orders} parent orders, each run under every policy on the same market from the same start. IS in bps against the arrival price, positive = cost. vs TWAP = TWAP's IS minus the policy's on the same order (positive = the policy was cheaper), with a seeded bootstrap 95% CI.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<h2>IS per order, by policy (dots: orders; red bar: mean)</h2>
${isChart(r)}
<h2>Saved against TWAP on the same orders (bps, positive = cheaper), with 95% CI</h2>
${diffChart(r)}
<h2>Configuration</h2>
<pre>${esc(JSON.stringify(r.config, null, 2))}</pre>
</body></html>
`;
}
