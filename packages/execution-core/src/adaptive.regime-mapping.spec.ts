import { adaptivePlan, classifyRegime, type RegimeInput } from './adaptive.js';

const calm: RegimeInput = {
  side: 'BUY',
  trendBps: 2,
  volatilityBps: 10,
  typicalVolatilityBps: 10,
  spreadBps: 1,
  typicalSpreadBps: 1,
};

describe('classifyRegime', () => {
  it.each([
    ['calm and flat', calm, 'SIDEWAYS_LOW_VOL'],
    ['price rising against a buyer', { ...calm, trendBps: 40 }, 'TRENDING_ADVERSE'],
    ['price falling for a buyer', { ...calm, trendBps: -40 }, 'TRENDING_FAVORABLE'],
    ['price falling against a seller', { ...calm, side: 'SELL', trendBps: -40 }, 'TRENDING_ADVERSE'],
    ['volatile without direction', { ...calm, volatilityBps: 20 }, 'SIDEWAYS_HIGH_VOL'],
    ['negative autocorrelation', { ...calm, returnAutocorrelation: -0.4 }, 'MEAN_REVERTING'],
    ['vol and spread blown out', { ...calm, volatilityBps: 40, spreadBps: 5 }, 'CRISIS'],
    ['broken inputs', { ...calm, volatilityBps: NaN }, 'CRISIS'],
  ] as const)('%s → %s', (_, input, regime) => {
    expect(classifyRegime(input as RegimeInput)).toBe(regime);
  });
});

describe('adaptivePlan', () => {
  it('favourable regimes use IS; crisis and volatile sideways use TWAP with more slices', () => {
    expect(adaptivePlan('SIDEWAYS_LOW_VOL', 10, 0.5)).toMatchObject({
      algorithm: 'IS',
      slices: 10,
      urgency: 0.5,
    });
    expect(adaptivePlan('TRENDING_ADVERSE', 10, 0.5)).toMatchObject({ algorithm: 'IS', urgency: 0.75 });
    expect(adaptivePlan('TRENDING_FAVORABLE', 10, 0.1)).toMatchObject({ algorithm: 'IS', urgency: 0 });
    expect(adaptivePlan('SIDEWAYS_HIGH_VOL', 10, 0.5)).toMatchObject({ algorithm: 'TWAP', slices: 20 });
    expect(adaptivePlan('CRISIS', 10, 0.5)).toMatchObject({ algorithm: 'TWAP', slices: 30 });
  });
  it('clamps urgency into [0,1]', () => {
    expect(adaptivePlan('SIDEWAYS_LOW_VOL', 4, 9).urgency).toBe(1);
    expect(adaptivePlan('SIDEWAYS_LOW_VOL', 4, -2).urgency).toBe(0);
  });
});
