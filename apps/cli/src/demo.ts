import { execution, sideToWire } from '@tranche/contracts';
import { createEmbeddedSystem } from '@tranche/engine';
import { parseArgs, parseDuration, parsePositiveInt, parseSide, UsageError } from './args.js';

const KNOWN = new Set(['symbol', 'side', 'qty', 'horizon', 'slices', 'seed', 'json']);

/**
 * Run one parent order end to end in a single process: synthetic market,
 * impact, heuristic decision, risk, router and a paper venue, on virtual time.
 */
export async function demoCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { flags } = parseArgs(argv, KNOWN, new Set(['json']));
  const symbol = String(flags.get('symbol') ?? 'BTCUSDT');
  const side = parseSide(String(flags.get('side') ?? 'buy'));
  const qty = String(flags.get('qty') ?? '25');
  const horizonMs = parseDuration('horizon', String(flags.get('horizon') ?? '2h'));
  const slices = parsePositiveInt('slices', String(flags.get('slices') ?? '24'));
  const seed = parsePositiveInt('seed', String(flags.get('seed') ?? '42'));
  const json = flags.get('json') === true;

  const sys = createEmbeddedSystem({ seed });
  let accepted;
  try {
    accepted = await sys.router.submit({
      clientOrderId: `demo-${seed}`,
      symbol,
      side: sideToWire(side),
      quantity: qty,
      horizonMs,
      slices,
      algorithm: execution.Algorithm.ALGORITHM_TWAP,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const parentId = accepted.parent!.parentId!;
  const done = await sys.router.whenDone(parentId);
  const status = await sys.router.get({ parentId });
  const report = execution.ExecutionReport.create(status.report ?? {});
  const children = status.children.map((c) => execution.ChildOrder.create(c));
  const fills = status.fills.map((f) => execution.Fill.create(f));
  if (json) {
    out(
      JSON.stringify({
        parent: execution.ParentOrder.toObject(done, { enums: String }),
        report: execution.ExecutionReport.toObject(report),
        children: children.map((c) => execution.ChildOrder.toObject(c, { enums: String })),
        fills: fills.map((f) => execution.Fill.toObject(f)),
      }),
    );
    return done.state === execution.ParentState.PARENT_STATE_COMPLETE ? 0 : 1;
  }
  const t0 = Number(done.startTime);
  const mins = (t: number) => `+${((t - t0) / 60_000).toFixed(1).padStart(5)}m`;
  out(
    `Tranche embedded demo: ${side} ${qty} ${symbol} over ${horizonMs / 60_000} min in ${slices} slices (TWAP baseline, heuristic policy, paper venue, virtual time)`,
  );
  out(`parent ${parentId}  arrival (decision) price ${done.arrivalPrice}`);
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
  out('  time     exec id          qty         price        fee');
  for (const f of fills)
    out(
      `  ${mins(Number(f.tsEvent))}  ${f.execId.padEnd(15)}  ${f.quantity.padStart(9)}  ${f.price.padStart(11)}  ${f.fee}`,
    );
  out('');
  const decisions = sys.events.events.filter((e) => e.decisionTaken).length;
  const fallbacks = sys.events.events.filter((e) => e.fallbackUsed).length;
  out(
    `state ${execution.ParentState[done.state]?.replace('PARENT_STATE_', '')}  filled ${report.filledQuantity}/${done.quantity}  average price ${Number(report.averagePrice).toFixed(2)}  fees ${report.fees}`,
  );
  out(
    `implementation shortfall ${report.implementationShortfallBps.toFixed(2)} bps vs arrival ${done.arrivalPrice} (positive = cost)`,
  );
  out(
    `decisions ${decisions} (source HEURISTIC: no LLM configured)  fallbacks ${fallbacks}  denied slices ${report.deniedSlices}  events ${sys.events.events.length}`,
  );
  return done.state === execution.ParentState.PARENT_STATE_COMPLETE ? 0 : 1;
}
