import { risk, type decision } from '@tranche/contracts';
import { createEmbeddedSystem } from '@tranche/engine';
import { demoCommand, printRun, toJson } from '../src/demo.js';
import { runParentToEnd } from '../src/parent-run.js';

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await demoCommand(args, (l) => lines.push(l));
  return { code, lines };
}

const PAPER = ['--venue', 'paper', '--qty', '2', '--horizon', '1h', '--slices', '4'];
/** Rows of the per-slice table: slice number, time, order count, filled quantity, ... */
const SLICE_ROW = /^\s+\d+\s+\+\s*\d+\.\dm\s+\d+\s+[\d.]+\s/;
/** Rows of the fills table: time, exec id, quantity, price, fee. */
const FILL_ROW = /^\s+\+\s*\d+\.\dm\s+\S+\s+[\d.]+\s+[\d.]+\s+-?[\d.]+$/;

interface SliceJson {
  sliceIndex: number;
  childOrders: number;
  filledQuantity: string;
  averagePrice: string;
  styles: string[];
  outcome: string;
  reasons: string[];
}

interface RunJson {
  parent: { symbol: string; state: string };
  report: { filledQuantity: string };
  children: unknown[];
  fills: Array<{ quantity: string }>;
  feeCurrency: string;
  sliceSummary: SliceJson[];
  denials: Array<{ sliceIndex: number; reasons: Array<{ code: string; message: string }> }>;
  fallbacks: Array<{ sliceIndex: number; dependency: string; reason: string; substitute: string }>;
}

describe('tranche demo output', () => {
  it('shows one line per slice by default, not one per fill, and names the fee currency', async () => {
    const { code, lines } = await run(PAPER);
    expect(code).toBe(0);
    const json = JSON.parse((await run([...PAPER, '--json'])).lines[0]!) as RunJson;
    expect(json.fills.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^slices$/m);
    expect(text).toMatch(/slice\s+time\s+orders\s+filled\s+avg price\s+style\s+outcome/);
    const rows = lines.filter((l) => SLICE_ROW.test(l));
    expect(rows).toHaveLength(json.sliceSummary.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => /(Limit|Market) (GTC|IOC|FOK|PostOnly)/.test(l))).toBe(true);
    expect(lines.filter((l) => FILL_ROW.test(l))).toEqual([]);
    expect(text).toMatch(/--verbose lists each one/);
    expect(text).toMatch(/fees [\d.]+ USDT/);
  });

  it('lists every child order and fill with --verbose, fees in USDT', async () => {
    const verbose = await run([...PAPER, '--verbose']);
    const json = JSON.parse((await run([...PAPER, '--json'])).lines[0]!) as RunJson;
    const text = verbose.lines.join('\n');
    expect(text).toMatch(/fee \(USDT\)/);
    expect(verbose.lines.filter((l) => FILL_ROW.test(l))).toHaveLength(json.fills.length);
  });

  it('adds the slice summary, denials, fallbacks and fee currency to --json and keeps the existing keys', async () => {
    const { code, lines } = await run(['--qty', '2', '--horizon', '20m', '--slices', '4', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(lines[0]!) as { policy: RunJson; twap: RunJson; valueAddBps: number };
    expect(Object.keys(out)).toEqual(['policy', 'twap', 'valueAddBps']);
    for (const r of [out.policy, out.twap]) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'parent',
          'report',
          'children',
          'fills',
          'ledger',
          'feeCurrency',
          'sliceSummary',
        ]),
      );
      expect(r.feeCurrency).toBe('USDT');
      const filled = r.sliceSummary.reduce((s, x) => s + Number(x.filledQuantity), 0);
      expect(filled).toBeCloseTo(Number(r.report.filledQuantity), 9);
      expect(r.sliceSummary.reduce((s, x) => s + x.childOrders, 0)).toBe(r.children.length);
      expect(r.denials).toEqual([]);
    }
  }, 60_000);

  it('refuses an unknown symbol before running anything, listing the known ones', async () => {
    const started = Date.now();
    await expect(run(['--symbol', 'FOOUSDT'])).rejects.toThrow(
      '--symbol FOOUSDT is not one the demo can trade; known symbols: BTCUSDT, ETHUSDT, SOLUSDT',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reads a lower-case symbol as the upper-case one', async () => {
    const { code, lines } = await run([...PAPER.slice(0, 2), '--symbol', 'solusdt', '--qty', '5', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(lines[0]!) as RunJson).parent.symbol).toBe('SOLUSDT');
  });

  it('shows why slices were denied and which dependency the router went on without', async () => {
    // Risk denies every child; the decision service is down, so each slice falls back to the baseline.
    const sys = createEmbeddedSystem({
      seed: 5,
      overrides: {
        risk: {
          validate: async () =>
            risk.RiskVerdict.create({
              decision: risk.RiskDecision.RISK_DECISION_DENY,
              quantity: '0',
              reasons: [{ code: 'MAX_ORDER_NOTIONAL', message: 'notional 96000 exceeds 50000' }],
              verdictId: 'v-test',
              evaluatedBy: 'risk-test',
            }),
          limits: () => Promise.reject(new Error('not asked in this test')),
        },
        decision: {
          decide: async (): Promise<decision.ExecutionDecision> => {
            throw new Error('decision service is down');
          },
        },
      },
    });
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      qty: '1',
      horizonMs: 3_600_000,
      slices: 3,
      seed: 5,
      algorithm: 'twap' as const,
      urgency: 0.5,
    };
    const finished = await runParentToEnd(sys, {
      clientOrderId: 'denied-everywhere',
      symbol: order.symbol,
      side: order.side,
      quantity: order.qty,
      horizonMs: order.horizonMs,
      slices: order.slices,
    });

    const json = toJson(finished) as unknown as RunJson;
    expect(json.denials.length).toBeGreaterThanOrEqual(3);
    expect(json.denials[0]!.reasons).toEqual([
      { code: 'MAX_ORDER_NOTIONAL', message: 'notional 96000 exceeds 50000' },
    ]);
    expect(json.fallbacks[0]).toMatchObject({
      dependency: 'decision',
      reason: 'decision service is down',
      substitute: 'twap-slice',
    });
    const denied = json.sliceSummary.filter((s) => s.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect(denied[0]!.reasons).toContain('denied by risk: MAX_ORDER_NOTIONAL notional 96000 exceeds 50000');

    const lines: string[] = [];
    printRun(finished, order, 'paper venue, virtual time', false, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(text).toMatch(/denied \(MAX_ORDER_NOTIONAL\)/);
    // One line for all the slices denied for the same reason, not one per slice.
    expect(text.match(/denied by risk: MAX_ORDER_NOTIONAL notional 96000 exceeds 50000/g)).toHaveLength(1);
    expect(text).toMatch(/^ {2}slices 1-\d+: denied by risk: MAX_ORDER_NOTIONAL/m);
    expect(text).toMatch(/went on without decision \(decision service is down\), used twap-slice/);
  });
});
