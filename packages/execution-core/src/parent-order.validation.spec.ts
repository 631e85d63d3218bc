import { clampUrgency, type ParentOrder, validateParentOrder } from './parent-order.js';

const now = Date.UTC(2025, 0, 1);
const order: ParentOrder = {
  id: 'p1',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '2.500',
  horizonMs: 3_600_000,
  arrivalPrice: '60000',
  urgency: 0.5,
  algorithm: 'IS',
  rules: {
    symbol: 'BTCUSDT',
    tickSize: '0.1',
    qtyStep: '0.001',
    minOrderQty: '0.001',
    maxOrderQty: '100',
    minNotional: '5',
  },
  state: 'INITIALIZED',
  createdAtMs: now,
};

describe('validateParentOrder', () => {
  it('accepts a sound order and clamps urgency', () => {
    expect(validateParentOrder({ ...order, urgency: 3 }, now).urgency).toBe(1);
    expect(clampUrgency(-0.2)).toBe(0);
  });
  it.each([
    ['quantity', { quantity: '0' }],
    ['quantity', { quantity: '-1' }],
    ['quantity', { quantity: '1.0001' }],
    ['quantity', { quantity: 'NaN' }],
    ['deadlineMs', { horizonMs: undefined, deadlineMs: now - 1 }],
    ['deadlineMs', { horizonMs: undefined }],
    ['horizonMs', { horizonMs: -5 }],
    ['arrivalPrice', { arrivalPrice: '0' }],
    ['urgency', { urgency: NaN }],
    ['side', { side: 'HOLD' as never }],
  ])('rejects a bad %s', (field, patch) => {
    expect(() => validateParentOrder({ ...order, ...patch }, now)).toThrow(
      expect.objectContaining({ field }),
    );
  });
  it('a deadline in the past names the time', () => {
    expect(() =>
      validateParentOrder({ ...order, horizonMs: undefined, deadlineMs: now - 60_000 }, now),
    ).toThrow(/2024-12-31T23:59:00.000Z is not in the future/);
  });
});
