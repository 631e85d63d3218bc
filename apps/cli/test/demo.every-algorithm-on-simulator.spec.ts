import { demoCommand } from '../src/demo.js';

interface RunJson {
  parent: { state: string; algorithm: string; filledQuantity: string };
  fills: Array<{ execId: string; quantity: string }>;
  ledger: { orders: number; fills: number; violations: unknown[] };
  plans: Array<{ algorithm: string; reason: string; sliceQuantities: string[] }>;
  events: Record<string, number>;
  decisions: Array<{ slice: number; source: string; action: string; reasoning: string; confidence: number }>;
}

async function demo(args: string[]) {
  const lines: string[] = [];
  const code = await demoCommand([...args, '--json'], (l) => lines.push(l));
  return { code, out: JSON.parse(lines[0]!) as { policy: RunJson; twap: RunJson; valueAddBps: number } };
}

/**
 * Each algorithm through the router and the real Bybit adapter against the in-process simulator:
 * it completes, the venue's ledger agrees with our fills, and the plan it followed is on record.
 */
describe.each([
  ['twap', 'ALGORITHM_TWAP', /^TWAP over 8 slices/],
  ['vwap', 'ALGORITHM_VWAP', /^VWAP over 8 slices/],
  ['is', 'ALGORITHM_IS', /^Almgren-Chriss IS at urgency 0\.90/],
  ['pov', 'ALGORITHM_POV', /^POV at 9\.3% of observed volume/],
  ['adaptive', 'ALGORITHM_ADAPTIVE', /^ADAPTIVE: /],
])('tranche demo --algorithm %s on the simulator', (flag, wire, plan) => {
  it('completes with the venue ledger clean and its plan recorded', async () => {
    const { code, out } = await demo([
      '--algorithm',
      flag,
      '--urgency',
      'high',
      '--qty',
      '2',
      '--horizon',
      '20m',
      '--slices',
      '8',
    ]);
    const r = out.policy;
    expect(r.parent.algorithm).toBe(wire);
    expect(r.plans[0]!.reason).toMatch(plan);
    expect(r.ledger.violations).toEqual([]);
    expect(r.ledger.fills).toBe(r.fills.length);
    expect(r.parent.state).toBe('PARENT_STATE_COMPLETE');
    expect(code).toBe(0);
    expect(r.events['parentAccepted']).toBe(1);
    expect(r.events['schedulePlanned']).toBeGreaterThanOrEqual(1);
    expect(r.decisions.every((d) => d.source === 'HEURISTIC' && d.reasoning !== '')).toBe(true);
    // The comparison run is always the bare TWAP baseline.
    expect(out.twap.parent.algorithm).toBe('ALGORITHM_TWAP');
  }, 60_000);
});
