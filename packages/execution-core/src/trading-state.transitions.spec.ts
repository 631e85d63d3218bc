import { nextTradingState, type TradingStateInput } from './trading-state.js';

const base: TradingStateInput = {
  current: 'ACTIVE',
  volatilityBps: 50,
  volatilityHaltBps: 500,
  killSwitch: false,
  consecutiveRejects: 0,
};

describe('nextTradingState', () => {
  it.each([
    ['normal', {}, 'ACTIVE'],
    ['kill switch', { killSwitch: true }, 'HALTED'],
    ['volatility at the halt level', { volatilityBps: 500 }, 'HALTED'],
    ['NaN volatility', { volatilityBps: NaN }, 'HALTED'],
    ['volatility near the halt level', { volatilityBps: 400 }, 'REDUCING'],
    ['a burst of venue rejects', { consecutiveRejects: 5 }, 'REDUCING'],
    ['halted stays halted until an operator lifts it', { current: 'HALTED' }, 'HALTED'],
    [
      'reducing holds while volatility stays elevated',
      { current: 'REDUCING', volatilityBps: 300 },
      'REDUCING',
    ],
    ['reducing recovers once volatility falls back', { current: 'REDUCING', volatilityBps: 100 }, 'ACTIVE'],
  ] as const)('%s → %s', (_, patch, expected) => {
    expect(nextTradingState({ ...base, ...patch })).toBe(expected);
  });
});
