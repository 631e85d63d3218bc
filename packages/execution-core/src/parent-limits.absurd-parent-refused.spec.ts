import { checkParentLimits, defaultParentLimits } from './parent-limits.js';

describe('checkParentLimits', () => {
  const limits = { ...defaultParentLimits(), maxQuantity: { BTCUSDT: '500' } };

  it('refuses a parent of 99,999,999 BTC on every limit it breaks, naming each', () => {
    const breaches = checkParentLimits(
      { symbol: 'BTCUSDT', quantity: '99999999', price: '60000', dailyVolume: 80_000 },
      limits,
    );
    expect(breaches.map((b) => b.code).sort()).toEqual([
      'PARENT_MAX_DAILY_VOLUME_SHARE',
      'PARENT_MAX_NOTIONAL',
      'PARENT_MAX_QUANTITY',
    ]);
    expect(breaches.find((b) => b.code === 'PARENT_MAX_NOTIONAL')!.message).toMatch(
      /maximum parent notional 10,000,000/,
    );
    expect(breaches.find((b) => b.code === 'PARENT_MAX_QUANTITY')!.message).toMatch(/500 for BTCUSDT/);
  });

  it('accepts a 25 BTC parent: 1.5M notional, 0.03% of a day', () => {
    expect(
      checkParentLimits({ symbol: 'BTCUSDT', quantity: '25', price: '60000', dailyVolume: 80_000 }, limits),
    ).toEqual([]);
  });

  it('judges notional exactly at the limit as within it, one tick above as a breach', () => {
    const at = checkParentLimits({ symbol: 'ETHUSDT', quantity: '1000', price: '10000' }, limits);
    expect(at).toEqual([]);
    const above = checkParentLimits({ symbol: 'ETHUSDT', quantity: '1000', price: '10000.01' }, limits);
    expect(above.map((b) => b.code)).toEqual(['PARENT_MAX_NOTIONAL']);
  });

  it('skips the volume share when the market data has no daily volume, keeps the notional cap', () => {
    const breaches = checkParentLimits({ symbol: 'SOLUSDT', quantity: '1000000', price: '150' }, limits);
    expect(breaches.map((b) => b.code)).toEqual(['PARENT_MAX_NOTIONAL']);
  });

  it('refuses a parent above the daily-volume share even when its notional is small', () => {
    const breaches = checkParentLimits(
      { symbol: 'SOLUSDT', quantity: '600', price: '150', dailyVolume: 10_000 },
      limits,
    );
    expect(breaches.map((b) => b.code)).toEqual(['PARENT_MAX_DAILY_VOLUME_SHARE']);
    expect(breaches[0]!.message).toMatch(/6% of SOLUSDT's recent daily volume/);
  });
});
