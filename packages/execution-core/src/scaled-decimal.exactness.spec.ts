import fc from 'fast-check';
import { Dec } from './decimal.js';
import {
  cmpScaled,
  floorDivScaled,
  formatUnits,
  isMultipleScaled,
  mulScaled,
  scaled,
} from './scaled-decimal.js';

const toDec = (x: { n: bigint; s: number }): InstanceType<typeof Dec> =>
  new Dec(x.n.toString()).div(new Dec(10).pow(x.s));

describe('scaled decimals', () => {
  it('parses plain decimals and float text with exponents', () => {
    expect(toDec(scaled('0.001')).toFixed()).toBe('0.001');
    expect(toDec(scaled('1e-7')).toFixed()).toBe('0.0000001');
    expect(toDec(scaled('2.5e+21')).toFixed()).toBe('2500000000000000000000');
    expect(toDec(scaled('-12.50')).toFixed()).toBe('-12.5');
  });

  it('formats units on the step grid with the step decimals', () => {
    expect(formatUnits(4166n, scaled('0.001'))).toBe('4.166');
    expect(formatUnits(5n, scaled('0.001'))).toBe('0.005');
    expect(formatUnits(1234n, scaled('10'))).toBe('12340');
  });

  it('property: agrees with decimal.js on compare, multiply, floor-divide and multiple-of', () => {
    const dec = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 }))
      .map(([n, s]) => ({ n, s }));
    const pos = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 12 }))
      .map(([n, s]) => ({ n, s }));
    fc.assert(
      fc.property(dec, pos, (a, b) => {
        const A = toDec(a);
        const B = toDec(b);
        expect(cmpScaled(a, b)).toBe(A.cmp(B));
        expect(toDec(mulScaled(a, b)).eq(A.mul(B))).toBe(true);
        expect(floorDivScaled(a, b).toString()).toBe(A.div(B).floor().toFixed());
        expect(isMultipleScaled(a, b)).toBe(A.mod(B).isZero());
      }),
    );
  });
});
