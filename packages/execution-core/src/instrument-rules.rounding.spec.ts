import fc from 'fast-check';
import { Dec } from './decimal.js';
import { InvalidDecimalError, InvalidInputError } from './errors.js';
import {
  type InstrumentRules,
  isQtyOnStep,
  roundPriceToTick,
  roundQtyDown,
  validateInstrumentRules,
} from './instrument-rules.js';

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.10',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190',
  minNotional: '5',
};
const SHIB: InstrumentRules = {
  symbol: 'SHIB1000USDT',
  tickSize: '0.000001',
  qtyStep: '10',
  minOrderQty: '10',
  maxOrderQty: '50000000',
  minNotional: '5',
};

describe('roundQtyDown', () => {
  it.each([
    ['1.23456', BTC, '1.234'],
    ['0.0009', BTC, '0.000'],
    ['-1.2399', BTC, '-1.239'],
    ['0.3', BTC, '0.300'],
    ['12345', SHIB, '12340'],
    ['123456789012345.6789', BTC, '123456789012345.678'],
  ])('%s on step %s → %s', (q, rules, expected) => {
    expect(roundQtyDown(q, rules)).toBe(expected);
  });

  it('is exact where binary floats are not (0.1 + 0.2 style)', () => {
    // 0.3 / 0.1 in float is 2.9999999999999996, which a float implementation would round down to 0.2.
    expect(roundQtyDown('0.3', { ...BTC, qtyStep: '0.1' })).toBe('0.3');
  });

  it('property: result is on the step, never above the input, and within one step of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.constantFrom('0.001', '0.01', '1', '10', '0.00001'),
        (raw, step) => {
          const q = new Dec(raw).div(1_000_000).toFixed();
          const rules = { ...BTC, qtyStep: step };
          const r = new Dec(roundQtyDown(q, rules));
          expect(isQtyOnStep(r.toFixed(), rules)).toBe(true);
          expect(r.lte(q)).toBe(true);
          expect(new Dec(q).minus(r).lt(step)).toBe(true);
          expect(roundQtyDown(q, rules)).not.toMatch(/e/i);
        },
      ),
    );
  });

  it.each(['abc', '', '1e5', 'NaN', 'Infinity', '0x10'])('rejects %p as a decimal', (bad) => {
    expect(() => roundQtyDown(bad, BTC)).toThrow(InvalidDecimalError);
  });

  it('rejects a zero step', () => {
    expect(() => roundQtyDown('1', { ...BTC, qtyStep: '0' })).toThrow(InvalidInputError);
  });
});

describe('roundPriceToTick', () => {
  it.each([
    ['65000.06', 'down', '65000.0'],
    ['65000.06', 'up', '65000.1'],
    ['65000.05', 'nearest', '65000.1'],
    ['65000.04', 'nearest', '65000.0'],
    ['65000.10', 'up', '65000.1'],
    ['-0.04', 'nearest', '0.0'],
  ] as const)('%s %s → %s (decimals of the step, not of its spelling "0.10")', (p, mode, expected) => {
    expect(roundPriceToTick(p, BTC, mode)).toBe(expected);
  });

  it('handles sub-cent ticks without exponent notation', () => {
    expect(roundPriceToTick('0.0000123456', SHIB, 'down')).toBe('0.000012');
    expect(roundPriceToTick('0.0000123456', SHIB, 'up')).toBe('0.000013');
  });

  it('property: down ≤ price ≤ up, both on the grid, at most one tick apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (raw) => {
        const p = new Dec(raw).div(1000).toFixed();
        const d = new Dec(roundPriceToTick(p, BTC, 'down'));
        const u = new Dec(roundPriceToTick(p, BTC, 'up'));
        expect(d.lte(p) && u.gte(p)).toBe(true);
        expect(u.minus(d).lte('0.1')).toBe(true);
        expect(d.mod('0.1').isZero() && u.mod('0.1').isZero()).toBe(true);
      }),
    );
  });
});

describe('validateInstrumentRules', () => {
  it('accepts real Bybit BTCUSDT filters', () => {
    expect(() => validateInstrumentRules(BTC)).not.toThrow();
  });
  it('refuses a max below the min and a min off the step', () => {
    expect(() => validateInstrumentRules({ ...BTC, maxOrderQty: '0.0001' })).toThrow(/maxOrderQty/);
    expect(() => validateInstrumentRules({ ...BTC, minOrderQty: '0.0015' })).toThrow(/minOrderQty/);
  });
});
