import { ConfigError } from '@tranche/config';
import { decision, execution } from '@tranche/contracts';
import { createEmbeddedSystem, DEFAULT_INSTRUMENTS, VirtualClock } from '@tranche/engine';
import { loadLlmSettings, startLlmStub, type LlmSettings } from '@tranche/llm';
import {
  type CommandSpec,
  flagValue,
  formatDuration,
  helpText,
  parseArgs,
  parseDuration,
  parsePositiveDecimal,
  parseAlgorithm,
  parsePolicy,
  parsePositiveInt,
  parseSide,
  parseUrgency,
  type AlgorithmFlag,
  type PolicyFlag,
  parseSymbol,
  rejectPositional,
  usageFromRequestError,
  UsageError,
} from './args.js';
import { runParentToEnd, type ParentRun } from './parent-run.js';
import { feeCurrency, summariseRun, type RunSummary, type SliceSummary } from './run-summary.js';
import {
  embeddedAdvisor,
  runOnSimulator,
  type LlmRunStats,
  type SimulatedRunResult,
} from './simulated-run.js';

/** Symbols the embedded risk rules and venues have instrument rules for. */
export const DEMO_SYMBOLS: readonly string[] = [...DEFAULT_INSTRUMENTS.keys()];

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  summary:
    'Run one parent order end to end in this process (no infrastructure): through the Bybit adapter ' +
    'against the in-process Bybit v5 simulator, once with the decision policy and once as bare TWAP ' +
    'on the same seeded market.',
  flags: [
    {
      name: 'symbol',
      value: 'SYMBOL',
      default: 'BTCUSDT',
      help: `linear USDT perpetual: ${DEMO_SYMBOLS.join(', ')} (any case)`,
    },
    { name: 'side', value: 'buy|sell', default: 'buy', help: 'side of the parent order' },
    { name: 'qty', value: 'QTY', default: '25', help: 'parent quantity in the base coin' },
    { name: 'horizon', value: 'DURATION', default: '2h', help: 'time to complete it: 90s, 15m, 2h' },
    { name: 'slices', value: 'N', default: '24', help: 'baseline slices' },
    {
      name: 'algorithm',
      value: 'twap|vwap|is|pov|adaptive',
      default: 'twap',
      help: 'baseline schedule of the policy run (the comparison run is always bare TWAP)',
    },
    {
      name: 'urgency',
      value: 'low|medium|high',
      default: 'medium',
      help: 'low 0.2, medium 0.5, high 0.9, or a number in [0, 1]; shapes IS, POV and ADAPTIVE',
    },
    {
      name: 'policy',
      value: 'llm|heuristic|none',
      default: 'heuristic',
      help:
        'decision policy of the policy run: llm (a model; the in-process stub model unless OPENAI_API_KEY ' +
        'is set), heuristic (deterministic rules), none (the bare baseline)',
    },
    { name: 'seed', value: 'N', default: '42', help: 'seed of the synthetic market' },
    {
      name: 'venue',
      value: 'sim|paper',
      default: 'sim',
      help: 'sim: the Bybit v5 simulator; paper: fills at the touch on a virtual clock',
    },
    { name: 'json', help: 'print one JSON object instead of text' },
    { name: 'verbose', help: 'also print every child order and every fill' },
  ],
  notes: [
    `Fees are in ${feeCurrency('BTCUSDT')}, the settle coin of linear USDT perpetuals.`,
    '--policy llm reads OPENAI_API_KEY (or OPENAI_API_KEY_FILE), OPENAI_BASE_URL, OPENAI_MODEL and LLM_TIMEOUT_MS:',
    'any OpenAI-compatible server works. The model latency is charged in market time: advice takes effect',
    'when it would have arrived.',
    'Exit status: 0 every run completed and the venue recorded no duplicate or over-fill;',
    '1 a run did not complete or the venue recorded one; 2 bad input (the message names the flag).',
  ],
};

export interface DemoOrder {
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: string;
  horizonMs: number;
  slices: number;
  seed: number;
  algorithm: AlgorithmFlag;
  urgency: number;
  /** Default heuristic. */
  policy?: PolicyFlag;
}

/** The model a `--policy llm` run consults, and what to call it in the output. */
export interface ModelSetup {
  settings: LlmSettings;
  where: string;
  close(): Promise<void>;
}

/**
 * A real endpoint when OPENAI_API_KEY (or its _FILE) is set, honouring OPENAI_BASE_URL and
 * OPENAI_MODEL; otherwise the stub model, started in this process on a loopback port.
 */
export async function modelSetup(env: NodeJS.ProcessEnv, command = 'tranche demo'): Promise<ModelSetup> {
  let settings: LlmSettings;
  try {
    settings = loadLlmSettings(command, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  if (settings.apiKey)
    return {
      settings,
      where: `model ${settings.model} at ${settings.baseURL ?? 'https://api.openai.com/v1'}`,
      close: async () => undefined,
    };
  const stub = await startLlmStub();
  return {
    settings: { ...settings, apiKey: 'stub-key', baseURL: stub.url, model: 'tranche-stub-1' },
    where: 'the in-process stub model (set OPENAI_API_KEY for a real one)',
    close: () => stub.close(),
  };
}

export const wireAlgorithm = (a: AlgorithmFlag): execution.Algorithm =>
  execution.Algorithm[`ALGORITHM_${a.toUpperCase() as Uppercase<AlgorithmFlag>}`];

type Out = (line: string) => void;

/**
 * Run one parent order end to end in a single process. `--venue sim` (default): the router
 * through the real Bybit adapter against the in-process Bybit v5 simulator, once with the
 * decision policy and once as bare TWAP on the same seeded market, so the policy's cost is shown
 * against its baseline. `--venue paper`: synthetic market and a paper venue that fills at the
 * touch, on virtual time.
 */
export async function demoCommand(
  argv: string[],
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseArgs(argv, DEMO_SPEC);
  if (parsed.help) {
    helpText(DEMO_SPEC).forEach((l) => out(l));
    return 0;
  }
  rejectPositional(parsed, DEMO_SPEC);
  const get = (name: string) => flagValue(parsed, DEMO_SPEC, name)!;
  const order: DemoOrder = {
    symbol: parseSymbol(get('symbol')),
    side: parseSide(get('side')),
    qty: parsePositiveDecimal('qty', get('qty')),
    horizonMs: parseDuration('horizon', get('horizon')),
    slices: parsePositiveInt('slices', get('slices')),
    seed: parsePositiveInt('seed', get('seed')),
    algorithm: parseAlgorithm(get('algorithm')),
    urgency: parseUrgency(get('urgency')),
    policy: parsePolicy(get('policy')),
  };
  // Checked before anything runs: the risk rules deny every child of a symbol they have no
  // instrument rules for, which would otherwise show up only as a run of denied slices.
  if (!DEMO_SYMBOLS.includes(order.symbol))
    throw new UsageError(
      `--symbol ${order.symbol} is not one the demo can trade; known symbols: ${DEMO_SYMBOLS.join(', ')}`,
    );
  const venue = get('venue');
  if (venue !== 'paper' && venue !== 'sim')
    throw new UsageError(`--venue must be paper or sim, got ${JSON.stringify(venue)}`);
  const json = parsed.flags.get('json') === true;
  const verbose = parsed.flags.get('verbose') === true;

  const model = order.policy === 'llm' ? await modelSetup(env) : undefined;
  try {
    return await runDemo(order, venue, json, verbose, model, out);
  } finally {
    await model?.close();
  }
}

async function runDemo(
  order: DemoOrder,
  venue: 'paper' | 'sim',
  json: boolean,
  verbose: boolean,
  model: ModelSetup | undefined,
  out: Out,
): Promise<number> {
  const via = model ? `, ${model.where}` : '';
  if (venue === 'paper') {
    const run = await runOnPaper(order, model?.settings);
    if (json) out(JSON.stringify(toJson(run)));
    else printRun(run, order, `paper venue, virtual time${via}`, verbose, out);
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
  const policy = await guard(() =>
    runOnSimulator({
      ...common,
      policy: order.policy !== 'none',
      algorithm: wireAlgorithm(order.algorithm),
      urgency: order.urgency,
      ...(model ? { llm: model.settings } : {}),
    }),
  );
  const twap = await guard(() => runOnSimulator({ ...common, policy: false }));
  const valueAdd = twap.report.implementationShortfallBps - policy.report.implementationShortfallBps;
  if (json) {
    out(JSON.stringify({ policy: toJson(policy), twap: toJson(twap), valueAddBps: valueAdd }));
  } else {
    printRun(
      policy,
      order,
      `Bybit v5 simulator through the bybit-api adapter, synthetic market${via}`,
      verbose,
      out,
    );
    out('');
    const currency = feeCurrency(order.symbol);
    out(
      `same order as bare TWAP on the same seeded market: implementation shortfall ${twap.report.implementationShortfallBps.toFixed(2)} bps, filled ${twap.report.filledQuantity}, fees ${twap.report.fees || '0'} ${currency}`,
    );
    const twapSummary = summariseRun(twap);
    if (twapSummary.denials.length > 0 || twapSummary.slices.some((s) => s.rejected > 0))
      printNotes(twapSummary.slices, 'bare TWAP: why slices were denied or rejected', out);
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

/** The router refuses a request that makes no sense; that is bad input, so exit 2 naming the flag. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'BAD_REQUEST' || e.code === 'LIMIT_EXCEEDED') throw usageFromRequestError(e.message);
    throw err;
  }
}

async function runOnPaper(
  o: DemoOrder,
  llmSettings?: LlmSettings,
): Promise<ParentRun & { llm?: LlmRunStats }> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const llm = llmSettings ? embeddedAdvisor(llmSettings, clock) : undefined;
  const sys = createEmbeddedSystem({
    seed: o.seed,
    clock,
    config: { consultDecisionPolicy: o.policy !== 'none' },
    ...(llm ? { decider: { decider: llm.advisor, deadline: 'market' as const } } : {}),
  });
  llm?.attach(sys);
  const run = await guard(() =>
    runParentToEnd(sys, {
      clientOrderId: `demo-${o.seed}`,
      symbol: o.symbol,
      side: o.side,
      quantity: o.qty,
      horizonMs: o.horizonMs,
      slices: o.slices,
      algorithm: wireAlgorithm(o.algorithm),
      urgency: o.urgency,
    }),
  );
  return llm ? { ...run, llm: await llm.stats(run.parent.parentId) } : run;
}

/** The run as JSON: the wire objects as they were, plus the per-slice summary and its reasons. */
export function toJson(run: ParentRun & { ledger?: SimulatedRunResult['ledger']; llm?: LlmRunStats }) {
  const summary: RunSummary = summariseRun(run);
  const mine = run.events.filter((e) => e.correlationId === run.parent.parentId);
  const decisions = decisionsOf(mine);
  return {
    parent: execution.ParentOrder.toObject(run.parent, { enums: String }),
    report: execution.ExecutionReport.toObject(run.report),
    children: run.children.map((c) => execution.ChildOrder.toObject(c, { enums: String })),
    fills: run.fills.map((f) => execution.Fill.toObject(f)),
    ...(run.ledger ? { ledger: run.ledger } : {}),
    feeCurrency: feeCurrency(run.parent.symbol),
    sliceSummary: summary.slices,
    denials: summary.denials,
    fallbacks: summary.fallbacks,
    tca: tcaJson(run.report.tca),
    plans: mine
      .filter((e) => e.schedulePlanned)
      .map((e) =>
        execution.SchedulePlanned.toObject(execution.SchedulePlanned.create(e.schedulePlanned!), {
          enums: String,
        }),
      ),
    decisions,
    llm: llmJson(run.llm, decisions),
    events: Object.fromEntries([
      ...mine.reduce(
        (m, e) => m.set(e.event ?? 'unknown', (m.get(e.event ?? 'unknown') ?? 0) + 1),
        new Map<string, number>(),
      ),
    ]),
  };
}

/** Every decision the router took, with where it came from and how long the policy took to produce it. */
function decisionsOf(events: readonly execution.ExecutionEvent[]) {
  return events
    .filter((e) => e.decisionTaken)
    .map((e) => {
      const d = e.decisionTaken!.decision!;
      const action = ['aggressive', 'passive', 'wait', 'accelerate', 'decelerate', 'cancel'].find(
        (k) => d[k as keyof typeof d] != null,
      );
      return {
        slice: e.decisionTaken!.sliceIndex ?? 0,
        source: decision.DecisionSource[d.source ?? 0]?.replace('DECISION_SOURCE_', '') ?? 'UNKNOWN',
        action: action?.toUpperCase() ?? 'NONE',
        reasoning: d.reasoning ?? '',
        confidence: d.confidence ?? 0,
        // The model's round trip for LLM advice, charged in market time; 0 for the heuristic.
        latencyMs: d.latencyMs ?? 0,
        ...(d.fallbackReason ? { fallbackReason: d.fallbackReason } : {}),
      };
    });
}

/**
 * The model's part in a run. Without a model every decision is the heuristic's (or none was asked
 * for), so only the fallback rate says anything: the share of decisions taken without LLM advice.
 */
function llmJson(stats: LlmRunStats | undefined, decisions: ReadonlyArray<{ source: string }>) {
  if (stats)
    return {
      model: stats.model,
      calls: stats.calls,
      ok: stats.ok,
      refused: stats.refused,
      late: stats.late,
      errors: stats.errors,
      fallbackRate: stats.fallbackRate,
      adaptations: stats.adaptations,
      tokensIn: stats.tokensIn,
      tokensOut: stats.tokensOut,
      costUsd: stats.costUsd,
      fallbackReasons: stats.fallbackReasons,
    };
  return {
    model: null,
    calls: 0,
    ok: 0,
    refused: 0,
    late: 0,
    errors: 0,
    fallbackRate: decisions.length
      ? decisions.filter((d) => d.source !== 'LLM').length / decisions.length
      : null,
    adaptations: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    fallbackReasons: {},
  };
}

/** The parent's TCA under the names a desk reads; null where a figure could not be computed. */
function tcaJson(t: execution.ITcaReport | null | undefined) {
  const v = (x: number | null | undefined) => (x === null || x === undefined ? null : x);
  return {
    arrivalSlippageBps: v(t?.arrivalSlippageBps),
    isBps: v(t?.isBps),
    delayBps: v(t?.delayBps),
    impactBps: v(t?.impactBps),
    timingBps: v(t?.timingBps),
    feesBps: v(t?.feesBps),
    opportunityBps: v(t?.opportunityBps),
    vwapSlippageBps: v(t?.vwapSlippageBps),
    participation: v(t?.participation),
    fillRate: v(t?.fillRate),
    spreadCaptureBps: v(t?.spreadCaptureBps),
    shadowTwapIsBps: v(t?.shadowTwapIsBps),
    valueAddVsShadowTwapBps: v(t?.valueAddVsShadowTwapBps),
  };
}

/** "1-3, 7" for slices 0, 1, 2, 6: people count slices from 1. */
function sliceList(indices: readonly number[]): string {
  const ns = [...new Set(indices.map((i) => i + 1))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < ns.length; i++) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    parts.push(j > i ? `${ns[i]}-${ns[j]}` : String(ns[i]));
    i = j;
  }
  return parts.join(', ');
}

const MAX_NOTE_LINES = 20;

/**
 * One line per kind of reason, with the slices it applied to, so 27 denials for the same rule read
 * as one line. Reasons that differ only in their figures (a notional, a volume) count as one kind;
 * the line shows the first one's figures, and --json has every one.
 */
export function printNotes(slices: readonly SliceSummary[], title: string, out: Out): void {
  const groups = new Map<string, { first: string; varies: boolean; slices: number[] }>();
  for (const s of slices)
    for (const r of s.reasons) {
      const key = r.replace(/\d+(\.\d+)?/g, '#');
      const g = groups.get(key);
      if (g) {
        g.slices.push(s.sliceIndex);
        g.varies ||= g.first !== r;
      } else groups.set(key, { first: r, varies: false, slices: [s.sliceIndex] });
    }
  if (groups.size === 0) return;
  out('');
  out(title);
  const entries = [...groups.values()];
  for (const g of entries.slice(0, MAX_NOTE_LINES))
    out(
      `  slice${g.slices.length > 1 ? 's' : ''} ${sliceList(g.slices)}: ${g.first}${g.varies ? ` (figures of slice ${g.slices[0]! + 1}; they vary)` : ''}`,
    );
  if (entries.length > MAX_NOTE_LINES)
    out(`  ... and ${entries.length - MAX_NOTE_LINES} more kinds of reason (--json lists them all)`);
}

function outcomeText(s: SliceSummary, denialCodes: ReadonlyMap<number, string[]>): string {
  if (s.outcome !== 'denied') return s.outcome;
  const codes = denialCodes.get(s.sliceIndex) ?? [];
  return codes.length ? `denied (${codes.join(', ')})` : 'denied';
}

/** The text report of one run: the per-slice summary, why slices did not trade, and the totals. */
export function printRun(
  run: ParentRun & { llm?: LlmRunStats },
  o: DemoOrder,
  where: string,
  verbose: boolean,
  out: Out,
): void {
  const { parent, report, children, fills, events } = run;
  const summary = summariseRun(run);
  const currency = feeCurrency(parent.symbol);
  const t0 = Number(parent.startTime);
  const mins = (t: number) => (t > 0 ? `+${((t - t0) / 60_000).toFixed(1).padStart(5)}m` : '       ');
  out(
    `Tranche demo: ${o.side} ${o.qty} ${o.symbol} over ${formatDuration(o.horizonMs)} in ${o.slices} slices (${o.algorithm.toUpperCase()} baseline at urgency ${o.urgency}, ${POLICY_TEXT[o.policy ?? 'heuristic']}, ${where})`,
  );
  out(`parent ${parent.parentId}  arrival (decision) price ${parent.arrivalPrice}`);
  // The plan the router followed, and every re-plan (an ADAPTIVE parent re-picks as the market moves).
  for (const e of events) {
    const p = e.schedulePlanned;
    if (!p || e.correlationId !== parent.parentId) continue;
    out(`plan from slice ${(p.fromSlice ?? 0) + 1}: ${p.reason}`);
    for (const w of p.warnings ?? []) out(`  warning: ${w}`);
  }
  out('');
  const denialCodes = new Map<number, string[]>();
  for (const d of summary.denials) {
    const codes = denialCodes.get(d.sliceIndex) ?? [];
    for (const r of d.reasons) if (r.code && !codes.includes(r.code)) codes.push(r.code);
    denialCodes.set(d.sliceIndex, codes);
  }
  out('slices');
  out('  slice  time      orders      filled     avg price  style            outcome');
  for (const s of summary.slices)
    out(
      `  ${String(s.sliceIndex + 1).padStart(5)}  ${mins(s.time)}  ${String(s.childOrders).padStart(6)}  ${s.filledQuantity.padStart(10)}  ${(s.averagePrice || '-').padStart(12)}  ${(s.styles.join(', ') || '-').padEnd(15)}  ${outcomeText(s, denialCodes)}`,
    );
  printNotes(summary.slices, 'why: denials, rejections, fallbacks and skipped slices', out);

  if (verbose) {
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
    out(`  time     exec id                qty         price        fee (${currency})`);
    for (const f of fills)
      out(
        `  ${mins(Number(f.tsEvent))}  ${f.execId.slice(0, 20).padEnd(21)}  ${f.quantity.padStart(9)}  ${f.price.padStart(11)}  ${f.fee}`,
      );
  } else {
    out(`(${children.length} child orders and ${fills.length} fills: --verbose lists each one)`);
  }
  out('');
  const decisions = events.filter((e) => e.decisionTaken).length;
  out(
    `state ${execution.ParentState[parent.state]?.replace('PARENT_STATE_', '')}  filled ${report.filledQuantity || '0'}/${parent.quantity}  average price ${Number(report.averagePrice).toFixed(2)}  fees ${report.fees || '0'} ${currency}`,
  );
  if (parent.stateReason && parent.state !== execution.ParentState.PARENT_STATE_COMPLETE)
    out(`reason: ${parent.stateReason}`);
  out(
    `implementation shortfall ${report.implementationShortfallBps.toFixed(2)} bps vs arrival ${parent.arrivalPrice} (positive = cost)`,
  );
  const t = report.tca;
  if (t) {
    const f = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
    out(
      `TCA (bps, positive = cost): delay ${f(t.delayBps)} + impact ${f(t.impactBps)} + timing ${f(t.timingBps)} + fees ${f(t.feesBps)} + opportunity ${f(t.opportunityBps)} = ${f(t.isBps)}; vs interval VWAP ${f(t.vwapSlippageBps)}`,
    );
    out(
      `  shadow TWAP on the observed tape ${f(t.shadowTwapIsBps)} bps, value add ${f(t.valueAddVsShadowTwapBps)} bps; fill rate ${f(t.fillRate)}; participation ${t.participation == null ? 'n/a' : `${(t.participation * 100).toFixed(2)}%`}`,
    );
  }
  const taken = decisionsOf(events.filter((e) => e.correlationId === parent.parentId));
  const fromModel = taken.filter((d) => d.source === 'LLM').length;
  const sources = run.llm
    ? `LLM ${fromModel}, heuristic ${taken.length - fromModel}`
    : o.policy === 'none'
      ? 'none asked: bare baseline'
      : 'source HEURISTIC: no LLM configured';
  out(
    `decisions ${decisions} (${sources})  fallbacks ${summary.fallbacks.length}  denied slices ${report.deniedSlices}  events ${events.length}`,
  );
  const m = run.llm;
  if (m) {
    out(
      `model ${m.model}: ${m.calls} calls (${m.ok} used, ${m.refused} refused, ${m.late} late, ${m.errors} failed); slices without valid advice ${(m.fallbackRate * 100).toFixed(1)}%; adaptations ${m.adaptations}; tokens ${m.tokensIn} in / ${m.tokensOut} out; estimated cost $${m.costUsd.toFixed(4)}`,
    );
    const reasons = Object.entries(m.fallbackReasons).sort((a, b) => b[1] - a[1]);
    if (reasons.length)
      out(`  why the heuristic decided instead: ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}

const POLICY_TEXT: Record<PolicyFlag, string> = {
  llm: 'LLM policy',
  heuristic: 'heuristic policy',
  none: 'no policy',
};
