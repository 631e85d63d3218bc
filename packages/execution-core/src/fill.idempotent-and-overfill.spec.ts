import fc from 'fast-check';
import { Dec } from './decimal.js';
import { IllegalTransitionError } from './errors.js';
import { applyFill, type ChildFillState, type Fill } from './fill.js';

const child = (over: Partial<ChildFillState> = {}): ChildFillState => ({
  childId: 'c1',
  quantity: '1.000',
  filledQty: '0',
  avgPrice: '0',
  state: 'New',
  execIds: [],
  ...over,
});
const fill = (execId: string, quantity: string, price = '65000.1'): Fill => ({
  execId,
  childId: 'c1',
  price,
  quantity,
  fee: '0.01',
  isMaker: true,
  tsMs: 1,
});

describe('applyFill', () => {
  it('two partial fills: quantity-weighted average price, PartiallyFilled then Filled', () => {
    const a = applyFill(child(), fill('e1', '0.4', '100'));
    expect(a.outcome).toBe('APPLIED');
    expect(a.child).toMatchObject({
      filledQty: '0.4',
      avgPrice: '100',
      state: 'PartiallyFilled',
      execIds: ['e1'],
    });
    const b = applyFill(a.child, fill('e2', '0.6', '110'));
    expect(b.child).toMatchObject({ filledQty: '1', avgPrice: '106', state: 'Filled' });
  });

  it('a re-delivered execId is a DUPLICATE and changes nothing', () => {
    const a = applyFill(child(), fill('e1', '0.4')).child;
    const again = applyFill(a, fill('e1', '0.4'));
    expect(again.outcome).toBe('DUPLICATE');
    expect(again.child).toBe(a);
  });

  it('a fill beyond the remaining quantity is OVERFILL and leaves the child unchanged (not capped)', () => {
    const a = applyFill(child(), fill('e1', '0.7')).child;
    const over = applyFill(a, fill('e2', '0.4'));
    expect(over.outcome).toBe('OVERFILL');
    expect(over.child).toBe(a);
    expect(over.child.filledQty).toBe('0.7');
  });

  it('a late fill after a cancel is recorded; a partial one keeps the order Cancelled', () => {
    const partial = applyFill(child({ state: 'Cancelled' }), fill('e1', '0.3'));
    expect(partial.child).toMatchObject({ state: 'Cancelled', filledQty: '0.3' });
    const full = applyFill(partial.child, fill('e2', '0.7'));
    expect(full.child.state).toBe('Filled');
  });

  it('a fill on a Denied child is an invariant break', () => {
    expect(() => applyFill(child({ state: 'Denied' }), fill('e1', '0.1'))).toThrow(IllegalTransitionError);
  });

  it('refuses zero, negative or malformed quantities and fills for another child', () => {
    expect(() => applyFill(child(), fill('e1', '0'))).toThrow(/fill.quantity/);
    expect(() => applyFill(child(), fill('e1', '-1'))).toThrow(/fill.quantity/);
    expect(() => applyFill(child(), fill('e1', 'NaN'))).toThrow(/fill.quantity/);
    expect(() => applyFill(child(), { ...fill('e1', '0.1'), childId: 'other' })).toThrow(/fill.childId/);
  });

  it('property: with arbitrary re-deliveries, filled equals the sum of the unique fills that fit, never more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (sizes, picks) => {
          const fills = sizes.map((s, i) => fill(`e${i}`, new Dec(s).div(1000).toFixed()));
          // Every fill once, then arbitrary re-deliveries of any of them.
          const deliveries = [...fills, ...picks.map((p) => fills[p % fills.length]!)];
          let c = child();
          let expected = new Dec(0);
          const seen = new Set<string>();
          for (const f of deliveries) {
            const r = applyFill(c, f);
            if (!seen.has(f.execId) && expected.plus(f.quantity).lte(1)) {
              expect(r.outcome).toBe('APPLIED');
              expected = expected.plus(f.quantity);
              seen.add(f.execId);
            } else {
              expect(r.outcome === 'DUPLICATE' || r.outcome === 'OVERFILL').toBe(true);
            }
            c = r.child;
            if (c.state === 'Filled') break;
          }
          expect(new Dec(c.filledQty).eq(expected)).toBe(true);
          expect(new Dec(c.filledQty).lte(c.quantity)).toBe(true);
        },
      ),
    );
  });
});
