// pnpm bench:halt — the kill switch end to end: how long after HALTED is sent to risk (as
// `tranche halt` sends it) the venue holds no working child order any more. The five services run
// as separate processes on their own nats-server and redis-server, trading the Bybit v5 simulator
// under Bybit's default request limits. Each trial gets CHILDREN parents resting one passive child
// each at the venue, halts globally, and polls the simulator's own open orders (not the router's
// view) until none of those children is open. The ledger then says how each child ended: cancelled
// by the halt, or filled by the market while it was still working.
// Floor, in the same run: one cancel round trip through the same Bybit adapter the router uses.
import { connect } from '@nats-io/transport-node';
import { startSimulator } from '@tranche/bybit-sim';
import { common, execution, risk, Subjects } from '@tranche/contracts';
import { parentIdOf } from '@tranche/engine';
import { ServiceProcess, sleep, startNatsServer, startRedisServer } from '@tranche/testing';
import { RpcClient, RpcRemoteError } from '@tranche/transport';
import { writeFileSync } from 'node:fs';
import {
  CALM_MARKET,
  cancelFloorMs,
  nearestRank,
  servicesEnv,
  setGlobalTradingState,
  tradableMids,
  venueOpenOrders,
} from './venue-bench.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TRIALS = Number(process.env['BENCH_HALT_TRIALS'] ?? 50);
const CHILDREN = Number(process.env['BENCH_HALT_CHILDREN'] ?? 20);
const BOUND_MS = 2000;
/**
 * How long a trial watches for the venue to go flat. Twice the router's wait for cancel reports
 * (5 s) before it looks a child up: long enough to see everything a halt does.
 */
const TIMEOUT_MS = Number(process.env['BENCH_HALT_TIMEOUT_MS'] ?? 10_000);
/**
 * Cancels the venue accepts per second per key: Bybit's default for linear contracts is 10. Raising
 * it shows what the halt would take on an account with a higher limit.
 */
const CANCEL_LIMIT = Number(process.env['BENCH_HALT_CANCEL_LIMIT'] ?? 10);
const FLOOR_SAMPLES = Number(process.env['BENCH_HALT_FLOOR_SAMPLES'] ?? 50);
/** Wall time for every parent of a trial to have its child resting before the laggards are replaced. */
const PLACE_WAIT_MS = 8000;
const POLL_MS = 1;
const OPEN_STATUSES = new Set(['New', 'PartiallyFilled']);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
// Two slices over ten minutes: slice 0 sends at once and its passive child rests until slice 1,
// five minutes later, so every child is still working when the halt arrives.
const HORIZON_MS = 600_000;
const SLICES = 2;
const PARENT_QTY: Record<(typeof SYMBOLS)[number], string> = { BTCUSDT: '0.02', ETHUSDT: '0.2' };
const SERVICES = ['market-data', 'impact', 'decision', 'risk', 'router'] as const;
const ROUTER_KEY = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
// The floor trades under a key of its own: the venue limits requests per key and endpoint, and the
// floor must neither use up the router's cancels nor wait behind them.
const FLOOR_KEY = { apiKey: 'bench-floor-key', apiSecret: 'bench-floor-secret' };

const nats = await startNatsServer();
const redis = await startRedisServer();
const sim = await startSimulator({
  port: 0,
  speed: 1,
  credentials: [ROUTER_KEY, FLOOR_KEY],
  endpointLimits: { '/v5/order/cancel': CANCEL_LIMIT },
  market: { type: 'synthetic', symbols: [...SYMBOLS], seed: 17, config: CALM_MARKET },
});
const procs = SERVICES.map(
  (s) =>
    new ServiceProcess(s, join(ROOT, 'apps', s, 'dist', 'main.js'), {
      ...servicesEnv(nats, redis, sim, SYMBOLS, ROUTER_KEY),
      // Trials run back to back, 20 children every few seconds: far above the desk-wide order-rate
      // guard (120 a minute), which would deny children before there is anything to halt.
      RISK_MAX_ORDERS_PER_MINUTE: '100000',
    }),
);
const router = procs[SERVICES.indexOf('router')]!;
for (const p of procs) p.start();
await Promise.all(procs.map((p) => p.waitForLog(/ ready nats=/, 60_000)));
const nc = await connect({ servers: nats.url });
const rpc = new RpcClient(nc, 10_000);
const mids = await tradableMids(rpc, PARENT_QTY, 60_000);

/** The open children at the venue of the given parents. */
function openChildrenOf(parents: ReadonlySet<string>): string[] {
  return venueOpenOrders(sim).filter((id) => parents.has(parentIdOf(id)));
}

function setTradingState(state: risk.TradingState, reason: string): Promise<risk.TradingStatus> {
  return setGlobalTradingState(rpc, state, reason, 'bench-halt');
}

/** Every parent submitted, with its symbol. */
const symbolOf = new Map<string, string>();
let submitted = 0;
async function submitParent(): Promise<string> {
  const n = submitted++;
  const symbol = SYMBOLS[n % SYMBOLS.length]!;
  const request = execution.SubmitParentOrderRequest.create({
    clientOrderId: `bench-halt-${process.pid}-${n}`,
    symbol,
    // Buys and sells alternate per symbol, so fills across the run roughly net out.
    side: Math.floor(n / SYMBOLS.length) % 2 === 0 ? common.Side.SIDE_BUY : common.Side.SIDE_SELL,
    quantity: PARENT_QTY[symbol],
    horizonMs: HORIZON_MS,
    slices: SLICES,
    algorithm: execution.Algorithm.ALGORITHM_TWAP,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await rpc.request(Subjects.submitParent, request);
      const parentId = res.parent!.parentId!;
      symbolOf.set(parentId, symbol);
      return parentId;
    } catch (err) {
      // The router sizes a parent against the day's volume extrapolated from the last minute, which
      // in a calm market can dip below what it needs: the same order is accepted a moment later.
      if (!(err instanceof RpcRemoteError && err.remoteCode === 'LIMIT_EXCEEDED') || attempt >= 30) throw err;
      await sleep(1000);
    }
  }
}

async function cancelParents(ids: Iterable<string>): Promise<void> {
  await Promise.all(
    [...ids].map((parentId) =>
      rpc.request(
        Subjects.cancelParent,
        execution.CancelParentOrderRequest.create({ parentId, reason: 'benchmark trial over' }),
        { timeoutMs: 30_000 },
      ),
    ),
  );
}

/**
 * CHILDREN parents, each with its child resting at the venue at the same moment. A parent whose
 * slice sent nothing that rests (the policy waited, its child took liquidity or filled at once) is
 * cancelled and replaced until the set is complete.
 */
async function restingParents(): Promise<Set<string>> {
  const parents = new Set(await Promise.all(Array.from({ length: CHILDREN }, () => submitParent())));
  for (let round = 0; round < 10; round++) {
    const until = Date.now() + PLACE_WAIT_MS;
    while (Date.now() < until) {
      const resting = new Set(openChildrenOf(parents).map(parentIdOf));
      if (resting.size === parents.size) return parents;
      await sleep(20);
    }
    const resting = new Set(openChildrenOf(parents).map(parentIdOf));
    const laggards = [...parents].filter((p) => !resting.has(p));
    const sample = await rpc.request(
      Subjects.getParent,
      execution.GetParentOrderRequest.create({ parentId: laggards[0]! }),
    );
    const ledger = sim.venue.ledger.snapshot().orders;
    const why = sample.children
      .map((c) => {
        const at = ledger.find((o) => o.orderLinkId === c.childId);
        const t0 = at?.createdTime ?? 0;
        const trail = (at?.statuses ?? []).map(
          (s) => `${s.status}@${s.ts - t0}${s.rejectReason ? `(${s.rejectReason})` : ''}`,
        );
        return `${execution.ChildState[c.state ?? 0]} ${c.timeInForce} ${c.price} ${trail.join('>')}`;
      })
      .join(', ');
    process.stderr.write(
      `replacing ${laggards.length} parent(s) without a resting child; e.g. ${laggards[0]}: ` +
        `${execution.ParentState[sample.parent?.state ?? 0]} "${sample.parent?.stateReason ?? ''}" children [${why}]\n`,
    );
    await cancelParents(laggards);
    for (const p of laggards) parents.delete(p);
    for (const p of await Promise.all(laggards.map(() => submitParent()))) parents.add(p);
  }
  throw new Error(`could not get ${CHILDREN} children resting at once`);
}

// Floor: a passive order far from the touch placed, then cancelled, timed around the cancel alone.
const floorMs = await cancelFloorMs(sim, FLOOR_KEY, mids.get('BTCUSDT')!, FLOOR_SAMPLES);

interface Trial {
  children: number;
  placeMs: number;
  ackMs: number;
  firstOffMs: number;
  flatMs: number | undefined;
  /** How the children ended after the halt, from the simulator's ledger. */
  cancelled: number;
  filled: number;
  stillOpen: number;
  rateLimitedCancels: number;
  leftAfterCleanup: number;
}
const trials: Trial[] = [];
const fmt = (ms: number | undefined) =>
  ms !== undefined && Number.isFinite(ms) ? ms.toFixed(1) : `>${TIMEOUT_MS}`;
await setTradingState(risk.TradingState.TRADING_STATE_ACTIVE, 'benchmark start');
for (let trial = 0; trial < TRIALS; trial++) {
  const placing = performance.now();
  const parents = await restingParents();
  const placeMs = performance.now() - placing;
  const logFrom = router.logs().length;
  const working = openChildrenOf(parents);
  const children = working.length;
  const t0 = performance.now();
  let ackMs = Number.NaN;
  const ack = setTradingState(risk.TradingState.TRADING_STATE_HALTED, 'benchmark: kill switch').then(
    () => (ackMs = performance.now() - t0),
  );
  let firstOffMs = Number.NaN;
  let flatMs: number | undefined;
  for (;;) {
    const open = openChildrenOf(parents).length;
    const now = performance.now() - t0;
    if (open < children && Number.isNaN(firstOffMs)) firstOffMs = now;
    if (open === 0) {
      flatMs = now;
      break;
    }
    if (now > TIMEOUT_MS) break;
    await sleep(POLL_MS);
  }
  await ack;
  const log = router.logs().slice(logFrom);
  const rateLimitedCancels = log
    .split('\n')
    .filter((l) => l.includes('cancel of working child failed') && l.includes('10006')).length;

  // Whether the kill switch took each child off, or the market filled it while it stayed working.
  const watched = new Set(working);
  const ended = sim.venue.ledger
    .snapshot()
    .orders.filter((o) => watched.has(o.orderLinkId))
    .map((o) => o.statuses[o.statuses.length - 1]!.status);
  const count = (pred: (status: string) => boolean) => ended.filter(pred).length;

  await cancelParents(parents);
  await setTradingState(risk.TradingState.TRADING_STATE_ACTIVE, 'benchmark: trial over');
  // Cancelling the parents takes any child the halt left working off the venue; one still there is
  // cancelled at the simulator directly, so the next trial starts from an empty book.
  const left = openChildrenOf(parents);
  for (const orderLinkId of left)
    sim.venue.cancelOrder({ category: 'linear', symbol: symbolOf.get(parentIdOf(orderLinkId)), orderLinkId });
  const t: Trial = {
    children,
    placeMs,
    ackMs,
    firstOffMs,
    flatMs,
    cancelled: count((st) => st === 'Cancelled'),
    filled: count((st) => st === 'Filled'),
    stillOpen: count((st) => OPEN_STATUSES.has(st)),
    rateLimitedCancels,
    leftAfterCleanup: left.length,
  };
  trials.push(t);
  process.stderr.write(
    `trial ${trial + 1}/${TRIALS}: children=${children} place_ms=${placeMs.toFixed(0)} ack_ms=${ackMs.toFixed(1)} ` +
      `first_off_ms=${firstOffMs.toFixed(1)} flat_ms=${fmt(flatMs)} cancelled=${t.cancelled} ` +
      `filled_after_halt=${t.filled} open_at_window_end=${t.stillOpen} rate_limited_cancels=${rateLimitedCancels} ` +
      `left_after_cleanup=${left.length}\n`,
  );
  // Let the venue's one-second request windows empty, so every trial starts from the same state.
  await sleep(1100);
}

// A trial that never went flat counts as infinitely slow: it is the one the bound is about.
const flat = trials.map((t) => t.flatMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
const floorP50 = nearestRank(floorMs, 0.5);
const floorP99 = nearestRank(floorMs, 0.99);
const p99 = nearestRank(flat, 0.99);
console.log(`trials=${TRIALS} children_per_trial=${CHILDREN} bound_ms=${BOUND_MS}`);
console.log(
  `halt_to_flat_p50_ms=${fmt(nearestRank(flat, 0.5))} halt_to_flat_p99_ms=${fmt(p99)} halt_to_flat_max_ms=${fmt(flat[flat.length - 1]!)} ` +
    `trials_over_2s=${flat.filter((ms) => ms > BOUND_MS).length} trials_never_flat=${trials.filter((t) => t.flatMs === undefined).length}`,
);
const sum = (f: (t: Trial) => number) => trials.reduce((acc, t) => acc + f(t), 0);
const median = (f: (t: Trial) => number) => nearestRank(trials.map(f), 0.5).toFixed(1);
console.log(
  `children_at_halt_min=${Math.min(...trials.map((t) => t.children))} cancel_limit_per_s=${CANCEL_LIMIT} ` +
    `halt_ack_p50_ms=${median((t) => t.ackMs)} first_child_off_p50_ms=${median((t) => t.firstOffMs)}`,
);
console.log(
  `children_cancelled=${sum((t) => t.cancelled)} children_filled_after_halt=${sum((t) => t.filled)} ` +
    `children_open_at_window_end=${sum((t) => t.stillOpen)} rate_limited_cancels=${sum((t) => t.rateLimitedCancels)} ` +
    `left_after_cleanup=${sum((t) => t.leftAfterCleanup)}`,
);
console.log(
  `floor_cancel_samples=${floorMs.length} floor_cancel_p50_ms=${floorP50.toFixed(2)} floor_cancel_p99_ms=${floorP99.toFixed(2)} ` +
    `ratio_p99=${Number.isFinite(p99) ? (p99 / floorP99).toFixed(1) : 'inf'}`,
);

// The router's own account of every halt (its cancels, failures and look-ups), for profiling.
const routerLog = process.env['BENCH_HALT_ROUTER_LOG'];
if (routerLog) writeFileSync(routerLog, router.logs());

await nc.close();
await Promise.all(procs.map((p) => p.stop('SIGTERM')));
await sim.close();
await nats.dispose();
await redis.dispose();
process.exit(0);
