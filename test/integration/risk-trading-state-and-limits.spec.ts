import { connect, type NatsConnection } from '@nats-io/transport-node';
import { common, risk, Subjects } from '@tranche/contracts';
import { ServiceProcess, startNatsServer, startRedisServer, type ManagedServer } from '@tranche/testing';
import { RpcClient, RpcRemoteError } from '@tranche/transport';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cluster.js';

const ENTRY = join(ROOT, 'apps', 'risk', 'dist', 'main.js');
const SYMBOL_BUDGET = 6;

/** A child of one of the three listed symbols, with a price band and sizes the defaults accept. */
const child = (symbol: string, patch: Partial<risk.IRiskRequest> = {}): risk.RiskRequest => {
  const px = { BTCUSDT: '96000', ETHUSDT: '3300', SOLUSDT: '180' }[symbol] ?? '100';
  const qty = { BTCUSDT: '0.010', ETHUSDT: '0.10', SOLUSDT: '1.0' }[symbol] ?? '1';
  return risk.RiskRequest.create({
    parentId: 'p-int',
    childId: `c-${Math.random().toString(36).slice(2)}`,
    symbol,
    side: common.Side.SIDE_BUY,
    quantity: qty,
    referencePrice: px,
    arrivalPrice: px,
    remainingQuantity: '100',
    recentVolume: '10000',
    spreadBps: 1,
    volatilityBps: 300,
    aggressive: false,
    ...patch,
  });
};
const decision = (v: risk.RiskVerdict): string => risk.RiskDecision[v.decision]!;
const codes = (v: risk.RiskVerdict): string[] => v.reasons.map((r) => r.code!);
const state = (s: risk.TradingState | null | undefined): string => risk.TradingState[s ?? 0]!;
const fields = (flat: string[]): Record<string, string> => {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
  return o;
};

/**
 * Two risk replicas that share only Redis. Each listens on its own nats-server so the test can address
 * either one and know which answered; in production they share one queue group, and what must hold
 * across them (trading states, rate budgets) lives in Redis either way.
 */
describe('risk replicas share trading state, limits and the per-symbol order budget through Redis', () => {
  let natsA: ManagedServer;
  let natsB: ManagedServer;
  let redisServer: ManagedServer;
  let replicaA: ServiceProcess;
  let replicaB: ServiceProcess;
  let ncA: NatsConnection;
  let ncB: NatsConnection;
  let a: RpcClient;
  let b: RpcClient;
  let redis: Redis;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (pnpm build)`);
    [natsA, natsB, redisServer] = await Promise.all([
      startNatsServer(),
      startNatsServer(),
      startRedisServer(),
    ]);
    const env = (nats: ManagedServer) => ({
      NATS_URL: nats.url,
      REDIS_URL: redisServer.url,
      HEALTH_PORT: '0',
      RISK_MAX_ORDERS_PER_MINUTE: String(SYMBOL_BUDGET),
    });
    replicaA = new ServiceProcess('risk-a', ENTRY, env(natsA)).start();
    replicaB = new ServiceProcess('risk-b', ENTRY, env(natsB)).start();
    await Promise.all([replicaA, replicaB].map((p) => p.waitForLog(/ ready nats=/, 60_000)));
    [ncA, ncB] = await Promise.all([connect({ servers: natsA.url }), connect({ servers: natsB.url })]);
    a = new RpcClient(ncA, 5000);
    b = new RpcClient(ncB, 5000);
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([ncA?.close(), ncB?.close()].map((p) => p?.catch(() => undefined)));
    await Promise.all([replicaA?.stop('SIGTERM'), replicaB?.stop('SIGTERM')]);
    await Promise.all([natsA?.dispose(), natsB?.dispose(), redisServer?.dispose()]);
  }, 60_000);

  it('a halt set through one replica denies the next child on the other, and a resume lets it trade', async () => {
    // Before: B approves, and prices the walk of the asks it was given.
    const before = await b.request(
      Subjects.riskValidate,
      child('BTCUSDT', {
        oppositeLevels: [
          { price: '96000.0', size: '0.5' },
          { price: '96009.6', size: '0.5' },
        ],
      }),
    );
    expect(decision(before)).toBe('RISK_DECISION_APPROVE');
    expect(before.bookWalkQuantity).toBe('0.01');
    expect(state(before.tradingState)).toBe('TRADING_STATE_ACTIVE');

    const halted = await a.request(
      Subjects.riskSetTradingState,
      risk.SetTradingStateRequest.create({
        state: risk.TradingState.TRADING_STATE_HALTED,
        symbol: 'BTCUSDT',
        reason: 'integration drill: venue incident',
        requestedBy: 'risk-spec',
      }),
    );
    expect(state(halted.effective)).toBe('TRADING_STATE_HALTED');
    expect(halted.symbols[0]).toMatchObject({
      symbol: 'BTCUSDT',
      reason: 'integration drill: venue incident',
      changedBy: 'risk-spec',
    });

    const denied = await b.request(Subjects.riskValidate, child('BTCUSDT'));
    expect(decision(denied)).toBe('RISK_DECISION_DENY');
    expect(codes(denied)).toEqual(['TRADING_HALTED']);
    expect(state(denied.tradingState)).toBe('TRADING_STATE_HALTED');
    // Other symbols still trade; B reports the same state A set.
    expect(decision(await b.request(Subjects.riskValidate, child('ETHUSDT')))).toBe('RISK_DECISION_APPROVE');
    const seenByB = await b.request(
      Subjects.riskGetTradingState,
      risk.GetTradingStateRequest.create({ symbol: 'BTCUSDT' }),
    );
    expect(state(seenByB.effective)).toBe('TRADING_STATE_HALTED');

    await b.request(
      Subjects.riskSetTradingState,
      risk.SetTradingStateRequest.create({
        state: risk.TradingState.TRADING_STATE_ACTIVE,
        symbol: 'BTCUSDT',
        reason: 'drill over',
        requestedBy: 'risk-spec',
      }),
    );
    expect(decision(await a.request(Subjects.riskValidate, child('BTCUSDT')))).toBe('RISK_DECISION_APPROVE');

    // Both changes are in the log, in order, with who and why.
    const log = await redis.xrange('tranche:risk:trading-state', '-', '+');
    const entries = log.map(([, f]) => fields(f));
    expect(entries.map((e) => `${e.scope} ${e.from}->${e.to} by ${e.by}: ${e.reason}`)).toEqual([
      'BTCUSDT ACTIVE->HALTED by risk-spec: integration drill: venue incident',
      'BTCUSDT HALTED->ACTIVE by risk-spec: drill over',
    ]);
  }, 60_000);

  it('a volatility spike seen by one replica halts the symbol for both until an operator resumes it', async () => {
    // 3000 bps daily-scaled is 612 bps an hour, over the 500 bps hourly halt.
    const spike = await a.request(Subjects.riskValidate, child('SOLUSDT', { volatilityBps: 3000 }));
    expect(codes(spike).sort()).toEqual(['TRADING_HALTED', 'VOLATILITY_HALT']);
    const calm = await b.request(Subjects.riskValidate, child('SOLUSDT'));
    expect(codes(calm)).toEqual(['TRADING_HALTED']);
    const status = await b.request(Subjects.riskGetTradingState, risk.GetTradingStateRequest.create({}));
    const sol = status.symbols.find((s) => s.symbol === 'SOLUSDT');
    expect(state(sol?.state)).toBe('TRADING_STATE_HALTED');
    expect(sol?.reason).toMatch(/hourly volatility 612\.4 bps at or above the volatility halt 500 bps/);
    await a.request(
      Subjects.riskSetTradingState,
      risk.SetTradingStateRequest.create({
        state: risk.TradingState.TRADING_STATE_ACTIVE,
        symbol: 'SOLUSDT',
        reason: 'volatility back to normal',
        requestedBy: 'risk-spec',
      }),
    );
    expect(decision(await b.request(Subjects.riskValidate, child('SOLUSDT')))).toBe('RISK_DECISION_APPROVE');
  }, 60_000);

  it('reports the limits it runs with on risk.v1.get_limits', async () => {
    for (const rpc of [a, b]) {
      const limits = await rpc.request(Subjects.riskGetLimits, risk.GetLimitsRequest.create({}));
      expect(limits).toMatchObject({
        maxOrderNotional: '100000',
        maxOrdersPerMinute: SYMBOL_BUDGET,
        maxParentOrdersPerMinute: 20,
        maxParticipation: 0.1,
        minIntervalMs: 5000,
        maxSpreadBpsAggressive: 20,
        maxPriceDeviationBps: 100,
        isAlertBps: 50,
        volatilityHaltBps: 500,
        decisionTimeoutMs: 10_000,
        maxDepthShare: 0.1,
        depthLevels: 5,
      });
    }
  }, 30_000);

  it('spends one per-symbol order budget across both replicas', async () => {
    // A fresh minute for ETHUSDT, whatever the tests above sent: then the budget, alternating replicas.
    await redis.del('tranche:risk:orders:ETHUSDT');
    const verdicts: risk.RiskVerdict[] = [];
    for (let i = 0; i <= SYMBOL_BUDGET; i++)
      verdicts.push(
        await (i % 2 ? a : b).request(Subjects.riskValidate, child('ETHUSDT', { parentId: `p-${i}` })),
      );
    expect(verdicts.map(decision)).toEqual([
      ...Array(SYMBOL_BUDGET).fill('RISK_DECISION_APPROVE'),
      'RISK_DECISION_DENY',
    ]);
    expect(codes(verdicts.at(-1)!)).toEqual(['MAX_ORDERS_PER_MINUTE']);
    // The last one above was refused by B; A refuses too.
    const onA = await a.request(Subjects.riskValidate, child('ETHUSDT', { parentId: 'p-late' }));
    expect(codes(onA)).toEqual(['MAX_ORDERS_PER_MINUTE']);
  }, 30_000);

  it('answers garbage on the new subjects with BAD_PAYLOAD, a bad command with BAD_REQUEST, and keeps serving', async () => {
    const subjects = [Subjects.riskSetTradingState, Subjects.riskGetTradingState, Subjects.riskGetLimits];
    for (const nc of [ncA, ncB])
      for (const subject of subjects)
        for (const payload of [new Uint8Array([0xff, 0xff, 0xff, 0x0f]), new Uint8Array()]) {
          const reply = await nc.request(subject, payload, { timeout: 5000 });
          expect({ subject, error: reply.headers?.get('tranche-error') }).toEqual({ subject, error: '1' });
          expect(common.Error.decode(reply.data).code).toBe('BAD_PAYLOAD');
        }
    // Decodes, but says nothing about why: refused with the field named, nothing changed.
    const noReason = a.request(
      Subjects.riskSetTradingState,
      risk.SetTradingStateRequest.create({ state: risk.TradingState.TRADING_STATE_HALTED, symbol: '' }),
    );
    await expect(noReason).rejects.toBeInstanceOf(RpcRemoteError);
    await expect(noReason).rejects.toMatchObject({
      remoteCode: 'BAD_REQUEST',
      message: expect.stringContaining('reason is required: say why the trading state changes'),
    });
    const global = await b.request(Subjects.riskGetTradingState, risk.GetTradingStateRequest.create({}));
    expect(state(global.effective)).toBe('TRADING_STATE_ACTIVE');
    for (const rpc of [a, b])
      expect((await rpc.request(Subjects.riskGetLimits, risk.GetLimitsRequest.create({}))).depthLevels).toBe(
        5,
      );
    expect(replicaA.running && replicaB.running).toBe(true);
  }, 60_000);
});
