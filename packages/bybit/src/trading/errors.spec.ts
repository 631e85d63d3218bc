import { VenueAmbiguousError, VenueRejectedError } from '@tranche/ports';
import { errorForRetCode, errorForThrown, readEnvelope } from './errors.js';

describe('trading errors', () => {
  it('classifies outcome-unknown retCodes as ambiguous and every other one as a rejection', () => {
    for (const code of [10000, 10016, 110079, 10006, 10429]) {
      expect(errorForRetCode('order create x', { retCode: code, retMsg: 'm' })).toBeInstanceOf(
        VenueAmbiguousError,
      );
    }
    const rejected = errorForRetCode('order create x', { retCode: 110007, retMsg: 'ab not enough' });
    expect(rejected).toBeInstanceOf(VenueRejectedError);
    expect((rejected as VenueRejectedError).venueCode).toBe('110007');
    expect(rejected.message).toContain('ab not enough');
  });

  it('keeps the secret the SDK puts in a non-200 rejection out of the error', () => {
    const sdkRejection = {
      code: 503,
      message: 'Service Unavailable',
      body: 'Service Unavailable',
      headers: {},
      requestOptions: { key: 'k', secret: 'super-secret-value' },
    };
    const err = errorForThrown('order create x', sdkRejection);
    expect(err).toBeInstanceOf(VenueAmbiguousError);
    expect(err.message).toContain('503');
    expect(err.message).not.toContain('super-secret-value');
  });

  it('reads only well-formed envelopes', () => {
    expect(readEnvelope({ retCode: 0, retMsg: 'OK', result: {} })).toEqual({ retCode: 0, retMsg: 'OK' });
    expect(readEnvelope({ retCode: '0' })).toBeUndefined();
    expect(readEnvelope('socket hang up')).toBeUndefined();
  });
});

describe('rate-limit answers', () => {
  it('carry the time until the window resets, so a retry does not hammer the venue', () => {
    const now = Date.now();
    const e = errorForRetCode('create', {
      retCode: 10006,
      retMsg: 'Too many visits!',
      limitResetAtMs: now + 400,
    });
    expect(e).toBeInstanceOf(VenueAmbiguousError);
    const wait = (e as VenueAmbiguousError).retryAfterMs!;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(400);
  });

  it('fall back to one window without a reset time, and other unknown outcomes carry no wait', () => {
    expect(
      (errorForRetCode('create', { retCode: 10429, retMsg: '' }) as VenueAmbiguousError).retryAfterMs,
    ).toBe(1000);
    expect(
      (errorForRetCode('create', { retCode: 10016, retMsg: '' }) as VenueAmbiguousError).retryAfterMs,
    ).toBeUndefined();
  });

  it('read the reset time from the SDK envelope', () => {
    expect(
      readEnvelope({ retCode: 10006, retMsg: 'x', rateLimitApi: { resetAtTimestamp: 123 } })?.limitResetAtMs,
    ).toBe(123);
  });
});
