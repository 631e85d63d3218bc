import { execution } from '@tranche/contracts';
import { createEmbeddedSystem } from '@tranche/engine';
import { parseArgs, parseDuration, parsePositiveInt, parseSide, UsageError } from './args.js';
import { runParentToEnd, type ParentRun } from './parent-run.js';
import { runOnSimulator, type SimulatedRunResult } from './simulated-run.js';

const KNOWN = new Set(['symbol', 'side', 'qty', 'horizon', 'slices', 'seed', 'json', 'venue']);

interface DemoOrder {
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: string;
  horizonMs: number;
  slices: number;
  seed: number;
}

/**
 * Run one parent order end to end in a single process. `--venue sim` (default): the router
 * through the real Bybit adapter against the in-process Bybit v5 simulator, once with the
 * decision policy and once as bare TWAP on the same seeded market, so the policy's cost is shown
 * against its baseline. `--venue paper`: synthetic market and a paper venue that fills at the
 * touch, on virtual time.
 */
export async function demoCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { flags } = parseArgs(argv, KNOWN, new Set(['json']));
  const order: DemoOrder = {
    symbol: String(flags.get('symbol') ?? 'BTCUSDT'),
    side: parseSide(String(flags.get('side') ?? 'buy')),
    qty: String(flags.get('qty') ?? '25'),
    horizonMs: parseDuration('horizon', String(flags.get('horizon') ?? '2h')),
    slices: parsePositiveInt('slices', String(flags.get('slices') ?? '24')),
    seed: parsePositiveInt('seed', String(flags.get('seed') ?? '42')),
  };
  const venue = String(flags.get('venue') ?? 'sim');
  if (venue !== 'paper' && venue !== 'sim')
    throw new UsageError(`--venue must be paper or sim, got ${JSON.stringify(venue)}`);
  const json = flags.get('json') === true;

  if (venue === 'paper') {
    const run = await runOnPaper(order);
    if (json) out(JSON.stringify(toJson(run)));
    else print(run, order, 'paper venue, virtual time', out);
    return run.parent.state === execution.ParentState.PARENT_STATE_COMPLETE ? 0 : 1;
  }

  const common = {
    symbol: order.symbol,
    side: order.side,
    quantity: order.qty,
    horizonMs: order.horizonMs,
    slices: order.slices,
    seed: order.seed,
    warmUpMs: 30 * 60_000,
  };
  const policy = await guard(() => runOnSimulator({ ...common, policy: true }));
  const twap = await guard(() => runOnSimulator({ ...common, policy: false }));
  const valueAdd = twap.report.implementationShortfallBps - policy.report.implementationShortfallBps;
  if (json) {
    out(JSON.stringify({ policy: toJson(policy), twap: toJson(twap), valueAddBps: valueAdd }));
  } else {
    print(policy, order, 'Bybit v5 simulator through the bybit-api adapter, synthetic market', out);
    out('');
    out(
      `same order as bare TWAP on the same seeded market: implementation shortfall ${twap.report.implementationShortfallBps.toFixed(2)} bps, filled ${twap.report.filledQuantity}`,
    );
    out(
      `policy minus TWAP: ${valueAdd >= 0 ? 'saved' : 'cost'} ${Math.abs(valueAdd).toFixed(2)} bps (one seed: a single sample, not a verdict)`,
    );
    for (const [name, r] of [
      ['policy', policy],
      ['twap', twap],
    ] as const) {
      out(
        `venue ledger (${name}): ${r.ledger.orders} orders, ${r.ledger.fills} fills, ${r.ledger.violations.length} duplicates or over-fills`,
      );
    }
  }
  const ok = [policy, twap].every(
    (r) => r.parent.state === execution.ParentState.PARENT_STATE_COMPLETE && r.ledger.violations.length === 0,
  );
  return ok ? 0 : 1;
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'BAD_REQUEST') throw new UsageError(e.message);
    throw err;
  }
}

function runOnPaper(o: DemoOrder): Promise<ParentRun> {
  const sys = createEmbeddedSystem({ seed: o.seed });
  return guard(() =>
    runParentToEnd(sys, {
      clientOrderId: `demo-${o.seed}`,
      symbol: o.symbol,
      side: o.side,
      quantity: o.qty,
      horizonMs: o.horizonMs,
      slices: o.slices,
    }),
  );
}

function toJson(run: ParentRun & { ledger?: SimulatedRunResult['ledger'] }) {
  return {
    parent: execution.ParentOrder.toObject(run.parent, { enums: String }),
    report: execution.ExecutionReport.toObject(run.report),
    children: run.children.map((c) => execution.ChildOrder.toObject(c, { enums: String })),
    fills: run.fills.map((f) => execution.Fill.toObject(f)),
    ...(run.ledger ? { ledger: run.ledger } : {}),
  };
}

function print(run: ParentRun, o: DemoOrder, where: string, out: (line: string) => void): void {
  const { parent, report, children, fills, events } = run;
  const t0 = Number(parent.startTime);
  const mins = (t: number) => `+${((t - t0) / 60_000).toFixed(1).padStart(5)}m`;
  out(
    `Tranche demo: ${o.side} ${o.qty} ${o.symbol} over ${o.horizonMs / 60_000} min in ${o.slices} slices (TWAP baseline, heuristic policy, ${where})`,
  );
  out(`parent ${parent.parentId}  arrival (decision) price ${parent.arrivalPrice}`);
  out('');
  out('child orders');
  out('  time     child id               type   tif       qty        limit        state            filled');
  for (const c of children) {
    out(
      `  ${mins(Number(c.createdAt))}  ${c.childId.padEnd(21)}  ${c.orderType.padEnd(5)}  ${c.timeInForce.padEnd(8)}  ${c.quantity.padStart(9)}  ${c.price.padStart(11)}  ${(execution.ChildState[c.state] ?? '').replace('CHILD_STATE_', '').padEnd(15)}  ${c.filledQuantity}`,
    );
  }
  out('');
  out('fills');
  out('  time     exec id                qty         price        fee');
  for (const f of fills)
    out(
      `  ${mins(Number(f.tsEvent))}  ${f.execId.slice(0, 20).padEnd(21)}  ${f.quantity.padStart(9)}  ${f.price.padStart(11)}  ${f.fee}`,
    );
  out('');
  const decisions = events.filter((e) => e.decisionTaken).length;
  const fallbacks = events.filter((e) => e.fallbackUsed).length;
  out(
    `state ${execution.ParentState[parent.state]?.replace('PARENT_STATE_', '')}  filled ${report.filledQuantity}/${parent.quantity}  average price ${Number(report.averagePrice).toFixed(2)}  fees ${report.fees}`,
  );
  out(
    `implementation shortfall ${report.implementationShortfallBps.toFixed(2)} bps vs arrival ${parent.arrivalPrice} (positive = cost)`,
  );
  out(
    `decisions ${decisions} (source HEURISTIC: no LLM configured)  fallbacks ${fallbacks}  denied slices ${report.deniedSlices}  events ${events.length}`,
  );
}
