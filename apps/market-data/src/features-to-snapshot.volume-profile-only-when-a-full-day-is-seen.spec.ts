import type { MarketFeatures } from '@tranche/bybit';
import { featuresToSnapshot } from './features-to-snapshot.js';

const features = (profile: number[]) =>
  ({
    symbol: 'BTCUSDT',
    tsEvent: 1,
    tsInit: 2,
    bookUpdatedAt: 2,
    ageMs: 0,
    bids: [],
    asks: [],
    realizedVol1h: 0,
    averageDailyVolume: 1000,
    intradayVolumeProfile: profile,
    fundingRate: null,
    nextFundingTimeMs: null,
    openInterest: null,
    openInterestChange: null,
    markPrice: null,
    indexPrice: null,
  }) as unknown as MarketFeatures;

describe('the intraday volume profile on snapshots', () => {
  it('is published once every hour of the day has been seen', () => {
    const full = Array.from({ length: 24 }, (_, h) => (h + 1) / 300);
    expect(featuresToSnapshot(features(full), 1).intradayVolumeProfile).toEqual(full);
  });

  it('is left empty with hours unseen, so no VWAP plans on hours that only look quiet', () => {
    const partial = Array.from({ length: 24 }, (_, h) => (h === 5 ? 1 : 0));
    expect(featuresToSnapshot(features(partial), 1).intradayVolumeProfile).toEqual([]);
  });
});
