import { common, risk } from '@tranche/contracts';
import { defaultRiskLimits, type RiskLimits } from '@tranche/execution-core';
import { MemoryRateCounter } from '../adapters/memory-rate-counter.js';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import {
  MemoryTradingStateStore,
  RiskValidator,
  riskLimitsFromWire,
  tradingStateRecordFromJson,
  type TradingStateStore,
} from './risk-validator.js';

const T0 = 1_767_614_400_000;
const request = (patch: Partial<risk.IRiskRequest> = {}): risk.RiskRequest =>
  risk.RiskRequest.create({
    parentId: 'p1',
    childId: `c${Math.random()}`,
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '0.100',
    price: '96010.0',
    referencePrice: '96000',
    arrivalPrice: '96000',
    remainingQuantity: '10',
    recentVolume: '1000',
    spreadBps: 1,
    volatilityBps: 300,
    aggressive: true,
    ...patch,
  });
const decision = (v: risk.RiskVerdict): string =>
  risk.RiskDecision[v.decision]!.replace('RISK_DECISION_', '');
const codes = (v: risk.RiskVerdict): string[] => v.reasons.map((r) => r.code!).sort();

function validator(
  over: Partial<RiskLimits> = {},
  shared: { counter?: MemoryRateCounter; states?: TradingStateStore } = {},
) {
  return new RiskValidator(shared.counter ?? new MemoryRateCounter(), {
    limits: { ...defaultRiskLimits(), ...over },
    instruments: DEFAULT_INSTRUMENTS,
    evaluatedBy: 'risk-test',
    tradingStates: shared.states,
  });
}

describe(`${RiskValidator.name}: requests that carry none of the new fields`, () => {
  it('approves as before, with an empty book walk, no pause and the ACTIVE state reported', async () => {
    const v = await validator().validate(request(), T0);
    expect(decision(v)).toBe('APPROVE');
    expect(v.quantity).toBe('0.100');
    expect(v.reasons).toEqual([]);
    expect(v).toMatchObject({ bookWalkCostBps: 0, bookWalkQuantity: '', pauseParent: false });
    expect(v.tradingState).toBe(risk.TradingState.TRADING_STATE_ACTIVE);
  });
});

describe(`${RiskValidator.name}: orders per minute`, () => {
  it('denies a parent’s 21st order in a minute while another parent of the symbol still trades', async () => {
    const sut = validator();
    for (let i = 0; i < 20; i++) expect(decision(await sut.validate(request(), T0 + i))).toBe('APPROVE');
    const over = await sut.validate(request(), T0 + 20);
    expect(decision(over)).toBe('DENY');
    expect(codes(over)).toEqual(['MAX_PARENT_ORDERS_PER_MINUTE']);
    expect(decision(await sut.validate(request({ parentId: 'p2' }), T0 + 21))).toBe('APPROVE');
    // A minute later the parent's budget is back.
    expect(decision(await sut.validate(request(), T0 + 60_001))).toBe('APPROVE');
  });

  it('shares the symbol budget between parents and between replicas on one counter', async () => {
    const counter = new MemoryRateCounter();
    const a = validator({ maxOrdersPerMinute: 5 }, { counter });
    const b = validator({ maxOrdersPerMinute: 5 }, { counter });
    const verdicts = [];
    for (let i = 0; i < 6; i++)
      verdicts.push(await (i % 2 ? a : b).validate(request({ parentId: `p${i}` }), T0 + i));
    expect(verdicts.map(decision)).toEqual(['APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'DENY']);
    expect(codes(verdicts[5]!)).toEqual(['MAX_ORDERS_PER_MINUTE']);
    expect(verdicts[5]!.reasons[0]!.message).toContain('BTCUSDT across all parents');
    // Another symbol has its own budget.
    expect(
      decision(
        await a.validate(
          request({
            symbol: 'ETHUSDT',
            quantity: '1.00',
            price: '',
            referencePrice: '3300',
            arrivalPrice: '3300',
          }),
          T0 + 7,
        ),
      ),
    ).toBe('APPROVE');
  });

  it('does not spend a budget on a denied order', async () => {
    const sut = validator({ maxOrdersPerMinute: 1 });
    expect(decision(await sut.validate(request({ spreadBps: 99 }), T0))).toBe('DENY');
    expect(decision(await sut.validate(request(), T0 + 1))).toBe('APPROVE');
  });
});

describe(`${RiskValidator.name}: minimum interval, IS alert and per-order limits from the request`, () => {
  it('denies a child sent 2 s after the parent’s previous one, measured on the sender’s clock', async () => {
    // The service's own clock is far off; last_order_at and now are both the router's.
    const v = await validator().validate(request({ lastOrderAt: T0 - 2000, now: T0 }), T0 + 3_600_000);
    expect(codes(v)).toEqual(['MIN_INTERVAL']);
    expect(decision(await validator().validate(request({ lastOrderAt: T0 - 5000, now: T0 }), T0))).toBe(
      'APPROVE',
    );
  });

  it('flags an IS beyond the alert so the router can pause the parent', async () => {
    const v = await validator().validate(request({ currentIsBps: 75, aggressive: false }), T0);
    expect(decision(v)).toBe('APPROVE');
    expect(v.pauseParent).toBe(true);
    expect(codes(v)).toEqual(['IS_ALERT']);
  });

  it('takes the parent’s tighter participation and notional, never looser ones', async () => {
    const tight = await validator().validate(
      request({ quantity: '2.000', maxParticipation: 0.001, maxOrderNotional: '500000' }),
      T0,
    );
    // 0.1% of 1000 BTC = 1 BTC; the parent's 500000 notional is looser than the service's 100000.
    expect(tight).toMatchObject({ quantity: '1.000' });
    expect(codes(tight)).toEqual(['MAX_ORDER_NOTIONAL', 'MAX_PARTICIPATION']);
    const loose = await validator().validate(request({ quantity: '0.500', maxParticipation: 1 }), T0);
    expect(decision(loose)).toBe('APPROVE');
  });

  it('denies the parent’s own limit price and names broken per-order limits', async () => {
    expect(codes(await validator().validate(request({ parentLimitPrice: '96000' }), T0))).toEqual([
      'PARENT_LIMIT_PRICE',
    ]);
    const bad = await validator().validate(request({ maxOrderNotional: 'lots', maxParticipation: 3 }), T0);
    expect(codes(bad)).toEqual(['INVALID_LIMITS', 'INVALID_LIMITS']);
    expect(bad.reasons.map((r) => r.message).join('\n')).toMatch(/max_order_notional.*\n.*max_participation/);
  });
});

describe(`${RiskValidator.name}: depth cap and book walk`, () => {
  it('clamps to a tenth of the five best asks and prices the walk of the requested quantity', async () => {
    const asks = [
      { price: '96000.0', size: '1' },
      { price: '96009.6', size: '1' },
      { price: '96019.2', size: '1' },
    ];
    const v = await validator().validate(request({ quantity: '2.000', oppositeLevels: asks }), T0);
    expect(decision(v)).toBe('CLAMP');
    expect(v.quantity).toBe('0.300');
    expect(codes(v)).toContain('MAX_DEPTH_SHARE');
    // 1 @ 96000 + 1 @ 96009.6 for 2: average 96004.8, 0.5 bps over the touch.
    expect(v.bookWalkCostBps).toBeCloseTo(0.5, 9);
    expect(v.bookWalkQuantity).toBe('2');
  });
});

describe(`${RiskValidator.name}: trading state`, () => {
  it('a halt set through one replica denies on another that shares the store', async () => {
    const states = new MemoryTradingStateStore();
    const counter = new MemoryRateCounter();
    const a = validator({}, { states, counter });
    const b = validator({}, { states, counter });
    const status = await a.setTradingState(
      {
        state: risk.TradingState.TRADING_STATE_HALTED,
        symbol: 'BTCUSDT',
        reason: 'venue incident',
        requestedBy: 'ops',
      },
      T0,
    );
    expect(status.effective).toBe(risk.TradingState.TRADING_STATE_HALTED);
    expect(status.symbols[0]).toMatchObject({
      symbol: 'BTCUSDT',
      reason: 'venue incident',
      changedBy: 'ops',
      changedAt: T0,
    });
    const v = await b.validate(request(), T0 + 1);
    expect(codes(v)).toEqual(['TRADING_HALTED']);
    expect(v.tradingState).toBe(risk.TradingState.TRADING_STATE_HALTED);
    expect(
      decision(
        await b.validate(
          request({
            symbol: 'ETHUSDT',
            quantity: '1.00',
            price: '',
            referencePrice: '3300',
            arrivalPrice: '3300',
          }),
          T0 + 2,
        ),
      ),
    ).toBe('APPROVE');
    await b.setTradingState(
      { state: risk.TradingState.TRADING_STATE_ACTIVE, symbol: 'BTCUSDT', reason: 'resolved' },
      T0 + 3,
    );
    expect(decision(await a.validate(request(), T0 + 4))).toBe('APPROVE');
    expect(states.log.map((c) => `${c.scope}:${c.from}->${c.state} by ${c.changedBy}`)).toEqual([
      'BTCUSDT:ACTIVE->HALTED by ops',
      'BTCUSDT:HALTED->ACTIVE by unnamed caller',
    ]);
  });

  it('applies the stricter of global and symbol: resuming the account leaves a halted symbol halted', async () => {
    const sut = validator();
    const set = (state: risk.TradingState, symbol: string) =>
      sut.setTradingState({ state, symbol, reason: 'drill' }, T0);
    await set(risk.TradingState.TRADING_STATE_HALTED, 'BTCUSDT');
    await set(risk.TradingState.TRADING_STATE_REDUCING, '');
    const eth = request({
      symbol: 'ETHUSDT',
      quantity: '1.00',
      price: '',
      referencePrice: '3300',
      arrivalPrice: '3300',
      aggressive: false,
    });
    const reducing = await sut.validate(eth, T0);
    expect(decision(reducing)).toBe('CLAMP');
    expect(reducing.quantity).toBe('0.50');
    expect(codes(reducing)).toEqual(['TRADING_REDUCING']);
    expect(codes(await sut.validate({ ...eth, aggressive: true }, T0))).toEqual(['TRADING_REDUCING']);
    await set(risk.TradingState.TRADING_STATE_ACTIVE, '');
    expect(codes(await sut.validate(request(), T0))).toEqual(['TRADING_HALTED']);
    const all = await sut.getTradingState({});
    expect(all.effective).toBe(risk.TradingState.TRADING_STATE_ACTIVE);
    expect(all.symbols.map((s) => [s.symbol, s.state])).toEqual([
      ['BTCUSDT', risk.TradingState.TRADING_STATE_HALTED],
    ]);
  });

  it('halts a symbol by itself when hourly volatility reaches the limit, once, with the reason logged', async () => {
    const states = new MemoryTradingStateStore();
    const sut = validator({}, { states });
    // 2500 bps daily-scaled = 510 bps an hour, over the 500 bps halt.
    const v = await sut.validate(request({ volatilityBps: 2500 }), T0);
    expect(codes(v)).toEqual(['TRADING_HALTED', 'VOLATILITY_HALT']);
    expect(v.tradingState).toBe(risk.TradingState.TRADING_STATE_HALTED);
    await sut.validate(request({ volatilityBps: 2600 }), T0 + 1);
    expect(states.log).toHaveLength(1);
    expect(states.log[0]).toMatchObject({ scope: 'BTCUSDT', state: 'HALTED', changedBy: 'risk-test' });
    expect(states.log[0]!.reason).toMatch(
      /hourly volatility 510\.3 bps at or above the volatility halt 500 bps/,
    );
    // Calm again: still halted until an operator says otherwise.
    expect(codes(await sut.validate(request(), T0 + 2))).toEqual(['TRADING_HALTED']);
  });

  it('reads a stored state that cannot be parsed as HALTED (fails closed), nothing stored as ACTIVE', () => {
    expect(tradingStateRecordFromJson(null).state).toBe('ACTIVE');
    expect(
      tradingStateRecordFromJson('{"state":"REDUCING","reason":"r","changedBy":"ops","changedAtMs":5}'),
    ).toEqual({
      state: 'REDUCING',
      reason: 'r',
      changedBy: 'ops',
      changedAtMs: 5,
    });
    for (const raw of ['not json', '{"state":"PAUSED"}', 'null'])
      expect(tradingStateRecordFromJson(raw)).toMatchObject({
        state: 'HALTED',
        reason: expect.stringContaining('unreadable'),
      });
  });

  it('refuses a command without a reason or for a symbol it does not know, naming the problem', async () => {
    const sut = validator();
    await expect(
      sut.setTradingState(
        { state: risk.TradingState.TRADING_STATE_HALTED, symbol: 'BTCUSDT', reason: '' },
        T0,
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('reason is required') });
    await expect(
      sut.setTradingState(
        { state: risk.TradingState.TRADING_STATE_HALTED, symbol: 'DOGEUSDT', reason: 'x' },
        T0,
      ),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('DOGEUSDT has no instrument rules'),
    });
    await expect(sut.setTradingState({ symbol: 'BTCUSDT', reason: 'x' }, T0)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('state must be ACTIVE, REDUCING or HALTED'),
    });
  });
});

describe(`${RiskValidator.name}: limits reported`, () => {
  it('reports every limit it runs with, and reads back to the same limits', () => {
    const limits = { ...defaultRiskLimits(), minIntervalMs: 0, maxOrderNotional: '12345.5' };
    const wire = validator(limits).getLimits();
    expect(wire).toMatchObject({
      maxOrderNotional: '12345.5',
      maxOrdersPerMinute: 120,
      maxParentOrdersPerMinute: 20,
      maxParticipation: 0.1,
      minIntervalMs: 0,
      maxSpreadBpsAggressive: 20,
      maxPriceDeviationBps: 100,
      isAlertBps: 50,
      volatilityHaltBps: 500,
      decisionTimeoutMs: 10_000,
      maxDepthShare: 0.1,
      depthLevels: 5,
    });
    const back = riskLimitsFromWire(risk.RiskLimits.decode(risk.RiskLimits.encode(wire).finish()));
    expect(back).toEqual(limits);
  });

  it('fills what an older service did not report with the defaults', () => {
    expect(riskLimitsFromWire({})).toEqual({ ...defaultRiskLimits(), minIntervalMs: 0 });
  });
});
