import { common, execution } from '@tranche/contracts';
import type { InstrumentRules } from '@tranche/execution-core';
import { createEmbeddedSystem } from '../embedded.js';
import { PaperVenue } from '../adapters/paper-venue.js';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import { VenueAmbiguousError, type VenueListener, type VenuePort } from '../ports/index.js';

const request = (patch: Partial<execution.ISubmitParentOrderRequest> = {}) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '1',
    horizonMs: 600_000,
    slices: 5,
    ...patch,
  });

describe('parent-level limits at submission', () => {
  it('refuses a parent of 99,999,999 BTCUSDT, naming the limits, and creates nothing', async () => {
    const sys = createEmbeddedSystem({ seed: 1 });
    const err = await sys.router.submit(request({ quantity: '99999999' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect((err as Error).message).toMatch(/maximum parent notional 10,000,000 \(PARENT_MAX_NOTIONAL\)/);
    expect((err as Error).message).toMatch(/PARENT_MAX_DAILY_VOLUME_SHARE/);
    expect(sys.events.events).toHaveLength(0);
  });

  it('applies a configured per-symbol quantity cap', async () => {
    const sys = createEmbeddedSystem({
      seed: 1,
      config: {
        parentLimits: { maxNotional: '1e12', maxQuantity: { BTCUSDT: '0.5' }, maxDailyVolumeShare: 1 },
      },
    });
    await expect(sys.router.submit(request({ quantity: '1' }))).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/maximum parent quantity 0\.5 for BTCUSDT/),
    });
    await expect(sys.router.submit(request({ quantity: '0.5' }))).resolves.toBeDefined();
  });
});

/** The paper venue behind an instrument endpoint that fails a given number of times first. */
class FlakyInstrumentVenue implements VenuePort {
  inner!: PaperVenue;
  calls = 0;
  constructor(private failures: number) {}
  async instrument(symbol: string): Promise<InstrumentRules> {
    this.calls++;
    if (this.failures-- > 0)
      throw new VenueAmbiguousError('Bybit instrument look-up: outcome unknown (HTTP 503)');
    return this.inner.instrument(symbol);
  }
  subscribe(l: VenueListener) {
    queueMicrotask(() => this.inner.subscribe(l));
  }
  submit(o: Parameters<VenuePort['submit']>[0]) {
    return this.inner.submit(o);
  }
  cancel(s: string, id: string) {
    return this.inner.cancel(s, id);
  }
  query(s: string, id: string) {
    return this.inner.query(s, id);
  }
}

function flakySystem(failures: number, instrumentRetryMs = 2500) {
  const venue = new FlakyInstrumentVenue(failures);
  const sys = createEmbeddedSystem({ seed: 2, overrides: { venue }, config: { instrumentRetryMs } });
  venue.inner = new PaperVenue((s) => sys.market.snapshot(s, 1000), DEFAULT_INSTRUMENTS, sys.clock);
  return { sys, venue };
}

describe('a transient venue failure while reading instrument rules', () => {
  it('is retried within the submission and the parent is accepted', async () => {
    const { sys, venue } = flakySystem(2);
    const { parent } = await sys.router.submit(request());
    expect(parent!.parentId).toMatch(/^p/);
    expect(venue.calls).toBe(3);
  });

  it('is reported as the venue being unavailable, never as the caller sending a bad symbol', async () => {
    const { sys } = flakySystem(1000, 300);
    await expect(sys.router.submit(request())).rejects.toMatchObject({
      code: 'VENUE_UNAVAILABLE',
      message: expect.stringMatching(/could not read the BTCUSDT instrument rules .* within 300 ms .*retry/),
    });
  });

  it('still refuses a symbol the venue does not list as a bad request, at once', async () => {
    const { sys, venue } = flakySystem(0);
    await expect(sys.router.submit(request({ symbol: 'FOOUSDT' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/symbol FOOUSDT cannot be traded/),
    });
    expect(venue.calls).toBe(1);
  });
});
