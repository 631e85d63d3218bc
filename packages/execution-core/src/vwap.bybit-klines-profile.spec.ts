import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { sumSlices } from './schedule.js';
import { buildVolumeProfile, parseLeanMinuteBars } from './volume-profile.js';
import { vwapSchedule } from './vwap.js';

/** A file under the shared data folder that sits beside the repository (../shared/data). */
function sharedData(relative: string): string {
  // This spec is three folders below the repository root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data', relative);
}

/**
 * Real data: Bybit spot BTCUSDT 1-minute trade bars for 2022-12-13 (LEAN sample data, see the shared
 * data PROVENANCE.md). That day US CPI was released at 13:30 UTC, and the tape shows it: the largest
 * 1-minute volume of the day is the 13:30 bar.
 */
const ZIP = sharedData('klines/lean_bybit-spot_btcusdt_1m_20221213_trade.zip');
const DAY = Date.UTC(2022, 11, 13);
const present = existsSync(ZIP);
if (!present) console.warn(`skipping Bybit kline VWAP tests: ${ZIP} is absent`);

/** Reads the first entry of a zip via its local file header (the LEAN zips store sizes there). */
function firstZipEntry(buf: Buffer): string {
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip local file header');
  const method = buf.readUInt16LE(8);
  const compressed = buf.readUInt32LE(18);
  const start = 30 + buf.readUInt16LE(26) + buf.readUInt16LE(28);
  const data = buf.subarray(start, start + compressed);
  return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.01',
  qtyStep: '0.000001',
  minOrderQty: '0.000048',
  maxOrderQty: '71.73956243',
  minNotional: '1',
};

(present ? describe : describe.skip)('VWAP profile from real Bybit 1-minute bars', () => {
  const bars = present ? parseLeanMinuteBars(firstZipEntry(readFileSync(ZIP)), DAY) : [];

  it('parses a full 24h day of 1440 bars into a profile summing to 1', () => {
    expect(bars).toHaveLength(1440);
    const profile = buildVolumeProfile(bars);
    expect(profile.days).toBe(1);
    expect(profile.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a 13:00–14:00 VWAP puts its largest slice on the 13:30 CPI minute, in proportion to its volume', () => {
    const profile = buildVolumeProfile(bars);
    const start = DAY + 13 * 3_600_000;
    const r = vwapSchedule({
      quantity: '5.000000',
      startMs: start,
      horizonMs: 3_600_000,
      slices: 60,
      rules: BTC,
      profile,
    });
    expect(r.warnings).toEqual([]);
    expect(sumSlices(r.slices)).toBe('5');
    const largest = r.slices.reduce((a, b) => (new Dec(b.quantity).gt(a.quantity) ? b : a));
    expect(new Date(largest.dueMs).toISOString()).toBe('2022-12-13T13:30:00.000Z');
    const window = bars.filter((b) => b.tsMs >= start && b.tsMs < start + 3_600_000);
    const windowVolume = window.reduce((a, b) => a + b.volume, 0);
    const cpiBar = window.find((b) => b.tsMs === largest.dueMs)!;
    const expected = (5 * cpiBar.volume) / windowVolume;
    // Largest-remainder rounding moves a slice by at most one step.
    expect(Math.abs(Number(largest.quantity) - expected)).toBeLessThanOrEqual(1e-6 + 1e-12);
  });

  it('smoothing spreads the spike but keeps the total', () => {
    const raw = buildVolumeProfile(bars);
    const smooth = buildVolumeProfile(bars, { smoothMinutes: 15 });
    const cpiMinute = 13 * 60 + 30;
    expect(smooth.weights[cpiMinute]!).toBeLessThan(raw.weights[cpiMinute]!);
    expect(smooth.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
