import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduleCommand } from './schedule.js';

async function run(...args: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await scheduleCommand(
    args,
    (l) => lines.push(l),
    (l) => errors.push(l),
  );
  return { code, lines, errors };
}

interface VwapJson {
  slices: { quantity: string; dueMs: number }[];
  warnings: { code: string; message: string }[];
}

const DAY = Date.parse('2025-03-04T00:00:00Z');

/** 1-minute bars "epoch ms,open,high,low,close,volume" for the given minutes of DAY. */
function barsFile(dir: string, fromMinute: number, toMinute: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let m = fromMinute; m < toMinute; m++)
    lines.push(`${DAY + m * 60_000},100,101,99,100,${10 + (m % 7)}`);
  const path = join(dir, 'bars.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('schedule vwap over a window the kline data only partly covers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tranche-vwap-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Bars for 13:00-13:29 UTC, a window of 13:00-14:00 in 60 one-minute slices.
  const window = (path: string, ...more: string[]) => [
    'vwap',
    '--qty',
    '6',
    '--slices',
    '60',
    '--horizon',
    '1h',
    '--start',
    '2025-03-04T13:00:00Z',
    '--klines',
    path,
    ...more,
  ];

  it('warns on stderr which part of the window has no bars and how many slices it lost', async () => {
    const { code, lines, errors } = await run(...window(barsFile(dir, 13 * 60, 13 * 60 + 30)));
    expect(code).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^warning: PROFILE_GAP: /);
    expect(errors[0]).toContain('no data for 13:30-14:00 UTC of the window');
    expect(errors[0]).toContain('30 of 60 slices fall wholly outside the bars');
    // The table on stdout has only the 30 slices that got quantity.
    expect(lines.filter((l) => /^\s+\d+\s+2025-/.test(l))).toHaveLength(30);
  });

  it('puts the same warning in the warnings array of --json', async () => {
    const { code, lines } = await run(...window(barsFile(dir, 13 * 60, 13 * 60 + 30), '--json'));
    expect(code).toBe(0);
    const r = JSON.parse(lines[0]!) as VwapJson;
    expect(r.warnings.map((w) => w.code)).toEqual(['PROFILE_GAP']);
    expect(r.warnings[0]!.message).toContain('30 of 60 slices');
    expect(r.slices).toHaveLength(30);
    expect(r.slices.reduce((s, x) => s + Number(x.quantity), 0)).toBeCloseTo(6, 9);
  });

  it('says nothing when the bars cover the whole window', async () => {
    const { code, lines, errors } = await run(...window(barsFile(dir, 12 * 60, 15 * 60), '--json'));
    expect(code).toBe(0);
    expect(errors).toEqual([]);
    const r = JSON.parse(lines[0]!) as VwapJson;
    expect(r.warnings).toEqual([]);
    expect(r.slices).toHaveLength(60);
  });

  it('warns about a gap in the middle of the window too', async () => {
    const lines = ['time,open,high,low,close,volume'];
    for (let m = 13 * 60; m < 14 * 60; m++)
      if (m < 13 * 60 + 20 || m >= 13 * 60 + 40) lines.push(`${DAY + m * 60_000},100,101,99,100,10`);
    const path = join(dir, 'holey.csv');
    writeFileSync(path, lines.join('\n'));
    const { code, errors } = await run(...window(path));
    expect(code).toBe(0);
    expect(errors[0]).toContain('no data for 13:20-13:40 UTC');
    expect(errors[0]).toContain('20 of 60 slices');
  });
});
