import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { sumSlices } from './schedule.js';
import { twapSchedule } from './twap.js';
import { buildVolumeProfile, MINUTES_PER_DAY, profileShare } from './volume-profile.js';
import { vwapSchedule } from './vwap.js';

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190',
  minNotional: '5',
};
const DAY = Date.UTC(2024, 2, 5); // a Tuesday

describe('vwapSchedule', () => {
  it('with no profile falls back to TWAP and warns', () => {
    const input = { quantity: '2.000', startMs: DAY, horizonMs: 600_000, slices: 5, rules: BTC };
    const r = vwapSchedule({ ...input, profile: null });
    expect(r.slices).toEqual(twapSchedule(input));
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'EMPTY_PROFILE' })]);
  });

  it('with a profile that has no volume in the window falls back to TWAP and warns', () => {
    const profile = buildVolumeProfile([{ tsMs: DAY + 12 * 3_600_000, volume: 50 }]);
    const r = vwapSchedule({
      quantity: '2.000',
      startMs: DAY,
      horizonMs: 600_000,
      slices: 5,
      rules: BTC,
      profile,
    });
    expect(r.warnings[0]?.code).toBe('EMPTY_PROFILE');
    expect(sumSlices(r.slices)).toBe('2');
  });

  it('follows the profile: 3x the volume gets 3x the quantity', () => {
    const bars = Array.from({ length: MINUTES_PER_DAY }, (_, i) => ({
      tsMs: DAY + i * 60_000,
      volume: i % 2 === 0 ? 1 : 3,
    }));
    const profile = buildVolumeProfile(bars);
    const r = vwapSchedule({
      quantity: '4.000',
      startMs: DAY,
      horizonMs: 4 * 60_000,
      slices: 4,
      rules: BTC,
      profile,
    });
    expect(r.warnings).toEqual([]);
    expect(r.slices.map((s) => s.quantity)).toEqual(['0.500', '1.500', '0.500', '1.500']);
  });

  it('is 24/7: a window across midnight reads the profile from both days, weekends included', () => {
    const bars = Array.from({ length: MINUTES_PER_DAY }, (_, i) => ({
      tsMs: DAY + i * 60_000,
      volume: i < 5 || i >= 1435 ? 10 : 1,
    }));
    const profile = buildVolumeProfile(bars);
    const saturdayNight = Date.UTC(2024, 2, 9, 23, 55);
    expect(profileShare(profile, saturdayNight, saturdayNight + 10 * 60_000)).toBeCloseTo(
      100 / (1430 + 100),
      12,
    );
    const r = vwapSchedule({
      quantity: '1.000',
      startMs: saturdayNight,
      horizonMs: 10 * 60_000,
      slices: 10,
      rules: BTC,
      profile,
    });
    expect(r.slices).toHaveLength(10);
    expect(sumSlices(r.slices)).toBe('1');
  });

  it('rejects bars with negative or NaN volume', () => {
    expect(() => buildVolumeProfile([{ tsMs: DAY, volume: -1 }])).toThrow(/bars/);
    expect(() => buildVolumeProfile([{ tsMs: DAY, volume: NaN }])).toThrow(/bars/);
  });

  it('keeps each slice a step multiple at or above the minimum', () => {
    const bars = Array.from({ length: 60 }, (_, i) => ({ tsMs: DAY + i * 60_000, volume: (i * 7919) % 13 }));
    const profile = buildVolumeProfile(bars);
    const r = vwapSchedule({
      quantity: '0.137',
      startMs: DAY,
      horizonMs: 3_600_000,
      slices: 60,
      rules: { ...BTC, minOrderQty: '0.005' },
      profile,
    });
    for (const s of r.slices) expect(new Dec(s.quantity).gte('0.005')).toBe(true);
    expect(sumSlices(r.slices)).toBe('0.137');
  });
});
