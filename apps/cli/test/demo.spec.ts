import { demoCommand } from '../src/demo.js';

interface RunJson {
  parent: { state: string; quantity: string; filledQuantity: string };
  report: { implementationShortfallBps: number; filledQuantity: string };
  children: Array<{ childId: string; state: string }>;
  fills: Array<{ execId: string; quantity: string }>;
  ledger?: { orders: number; fills: number; violations: unknown[] };
}

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await demoCommand(args, (l) => lines.push(l));
  return { code, lines };
}

const sum = (fills: RunJson['fills']) => fills.reduce((s, f) => s + Number(f.quantity), 0);

describe('tranche demo', () => {
  it('trades the simulator through the Bybit adapter, as policy and as bare TWAP, with nothing duplicated', async () => {
    const { code, lines } = await run(['--qty', '3', '--horizon', '30m', '--slices', '6', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(lines[0]!) as { policy: RunJson; twap: RunJson; valueAddBps: number };
    for (const r of [out.policy, out.twap]) {
      expect(r.parent.state).toBe('PARENT_STATE_COMPLETE');
      expect(r.report.filledQuantity).toBe('3');
      expect(sum(r.fills)).toBeCloseTo(3, 9);
      expect(new Set(r.fills.map((f) => f.execId)).size).toBe(r.fills.length);
      expect(r.ledger!.violations).toEqual([]);
      expect(r.ledger!.fills).toBe(r.fills.length);
    }
    expect(out.valueAddBps).toBeCloseTo(
      out.twap.report.implementationShortfallBps - out.policy.report.implementationShortfallBps,
      9,
    );
  }, 60_000);

  it('is reproducible from its seed', async () => {
    const a = JSON.parse(
      (await run(['--qty', '1', '--horizon', '10m', '--slices', '2', '--seed', '7', '--json'])).lines[0]!,
    );
    const b = JSON.parse(
      (await run(['--qty', '1', '--horizon', '10m', '--slices', '2', '--seed', '7', '--json'])).lines[0]!,
    );
    expect(a.twap.report.implementationShortfallBps).toBe(b.twap.report.implementationShortfallBps);
  }, 60_000);

  it('runs on the paper venue and prints the child orders, fills and shortfall with --verbose', async () => {
    const { code, lines } = await run([
      '--venue',
      'paper',
      '--qty',
      '2',
      '--horizon',
      '1h',
      '--slices',
      '4',
      '--verbose',
    ]);
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('child orders');
    expect(text).toContain('fills');
    expect(text).toMatch(/implementation shortfall -?\d+\.\d\d bps/);
    expect(text).toContain('filled 2/2');
  });

  it('refuses bad input with a message naming the flag', async () => {
    await expect(run(['--venue', 'nyse'])).rejects.toThrow(/--venue must be paper or sim/);
    await expect(run(['--qty', '0.0001', '--venue', 'paper'])).rejects.toThrow(/quantity step/);
    await expect(run(['--horizon', 'soon'])).rejects.toThrow(/--horizon must be a duration/);
  });
});
