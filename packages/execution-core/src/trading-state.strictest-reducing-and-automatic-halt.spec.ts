import { defaultRiskLimits } from './risk-limits.js';
import { type ChildOrderProposal, evaluateRisk } from './risk-verdict.js';
import { BTC, codes, ctx, proposal as baseProposal } from '../test/risk-fixtures.js';
import {
  automaticTradingState,
  strictestTradingState,
  tradingStateCommandProblems,
} from './trading-state.js';

/** These specs start from 0.101, which REDUCING cannot halve evenly onto the lot grid. */
const proposal = (over: Partial<ChildOrderProposal> = {}): ChildOrderProposal =>
  baseProposal({ quantity: '0.101', ...over });

describe('trading state: the strictest of global and per symbol applies', () => {
  it.each([
    [['ACTIVE', 'ACTIVE'], 'ACTIVE'],
    [['ACTIVE', 'REDUCING'], 'REDUCING'],
    [['REDUCING', 'ACTIVE'], 'REDUCING'],
    [['HALTED', 'ACTIVE'], 'HALTED'],
    [['REDUCING', 'HALTED'], 'HALTED'],
  ] as const)('global/symbol %j → %s', (states, expected) => {
    expect(strictestTradingState(...states)).toBe(expected);
  });
});

describe('what each trading state lets through', () => {
  const limits = defaultRiskLimits();

  it('HALTED denies every child, passive or not', () => {
    for (const aggressive of [true, false]) {
      const r = evaluateRisk(proposal({ aggressive }), limits, ctx({ tradingState: 'HALTED' }), BTC);
      expect(codes(r)).toEqual(['TRADING_HALTED']);
    }
  });

  it('REDUCING denies an aggressive child', () => {
    const r = evaluateRisk(proposal({ aggressive: true }), limits, ctx({ tradingState: 'REDUCING' }), BTC);
    expect(r.decision).toBe('DENY');
    expect(codes(r)).toEqual(['TRADING_REDUCING']);
  });

  it('REDUCING clamps a passive child to half its quantity, rounded down to the lot step', () => {
    // 0.101 / 2 = 0.0505 → 0.050.
    const r = evaluateRisk(proposal(), limits, ctx({ tradingState: 'REDUCING' }), BTC);
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '0.050' });
    expect(codes(r)).toEqual(['TRADING_REDUCING']);
  });

  it('REDUCING denies a passive child whose half is below the venue minimum', () => {
    const r = evaluateRisk(proposal({ quantity: '0.001' }), limits, ctx({ tradingState: 'REDUCING' }), BTC);
    expect(codes(r)).toEqual(['BELOW_MIN_QTY', 'TRADING_REDUCING']);
  });
});

describe('automatic trading state', () => {
  it('halts a symbol whose hourly volatility reaches the halt limit, saying why', () => {
    expect(
      automaticTradingState({ current: 'ACTIVE', hourlyVolatilityBps: 500, volatilityHaltBps: 500 }),
    ).toEqual({
      state: 'HALTED',
      reason: 'hourly volatility 500.0 bps at or above the volatility halt 500 bps',
    });
    expect(
      automaticTradingState({ current: 'REDUCING', hourlyVolatilityBps: 900, volatilityHaltBps: 500 })?.state,
    ).toBe('HALTED');
  });

  it('never moves a state down, nor into REDUCING, by itself', () => {
    for (const hourlyVolatilityBps of [10, 400, 499.9]) {
      for (const current of ['ACTIVE', 'REDUCING'] as const)
        expect(
          automaticTradingState({ current, hourlyVolatilityBps, volatilityHaltBps: 500 }),
        ).toBeUndefined();
    }
  });

  it('does nothing to an already halted symbol, nor on missing or broken volatility', () => {
    expect(
      automaticTradingState({ current: 'HALTED', hourlyVolatilityBps: 900, volatilityHaltBps: 500 }),
    ).toBeUndefined();
    for (const v of [0, NaN, Infinity, -5])
      expect(
        automaticTradingState({ current: 'ACTIVE', hourlyVolatilityBps: v, volatilityHaltBps: 500 }),
      ).toBeUndefined();
  });
});

describe('an operator’s trading-state command', () => {
  it('needs a known state, a symbol or nothing, and a reason', () => {
    expect(
      tradingStateCommandProblems({ state: 'HALTED', symbol: 'BTCUSDT', reason: 'exchange incident' }),
    ).toEqual([]);
    expect(tradingStateCommandProblems({ state: 'ACTIVE', symbol: '', reason: 'resume' })).toEqual([]);
    expect(tradingStateCommandProblems({ state: 'PAUSED', symbol: 'btc usdt', reason: ' ' })).toEqual([
      'state must be ACTIVE, REDUCING or HALTED',
      'symbol must be empty (global) or an upper-case symbol such as BTCUSDT, got "btc usdt"',
      'reason is required: say why the trading state changes',
    ]);
  });
});
