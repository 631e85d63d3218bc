import { Authenticator, hmacHex, restSignPayload } from './auth.js';
import { VenueError } from './errors.js';

// Test vectors from ../shared/docs/bybit-v5.md (secret test-secret-0123456789).
const SECRET = 'test-secret-0123456789';
const VECTORS: Array<[string, string]> = [
  [
    '1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C',
    '44cd56dd7f586d4c0f7374b4ea02c8605d31f5c1eb48ef865cfd2236378f1678',
  ],
  [
    '1658385579423XXXXXXXXXX5000{"category": "option"}',
    'df5050fe26da2a69f633ffd909968d7a5234623cf215c08229a1e78d27aa5528',
  ],
  [
    '1658385579423test-key5000{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"50000","timeInForce":"PostOnly","orderLinkId":"abc-1","reduceOnly":false}',
    '5ce3468198d642b468b399080c877a03a6ce4a71e15a381750b243795c60e205',
  ],
  ['GET/realtime1662350400000', '15fb3c95518f3b90ae93f4bc1e31adb7e167feb1286f8349d259270f69661eb9'],
];

describe(Authenticator.name, () => {
  it.each(VECTORS)('signs %s as documented', (message, hex) => {
    expect(hmacHex(SECRET, message)).toBe(hex);
  });

  const auth = new Authenticator([
    { apiKey: 'XXXXXXXXXX', apiSecret: SECRET },
    { apiKey: 'test-key', apiSecret: SECRET },
  ]);

  it('accepts the GET vector on the raw query string', () => {
    const input = {
      apiKey: 'XXXXXXXXXX',
      timestamp: '1658384314791',
      recvWindow: '5000',
      payload: 'category=option&symbol=BTC-29JUL22-25000-C',
      sign: VECTORS[0]![1],
    };
    expect(auth.verifyRest(input, 1658384314791)).toBe('XXXXXXXXXX');
    // Re-ordering the query changes the signed string, so the same signature fails.
    expect(() =>
      auth.verifyRest({ ...input, payload: 'symbol=BTC-29JUL22-25000-C&category=option' }, 1658384314791),
    ).toThrow(expect.objectContaining({ retCode: 10004 }));
  });

  it('accepts the POST vector on the raw body, space included', () => {
    const body = '{"category": "option"}';
    expect(restSignPayload('1658385579423', 'XXXXXXXXXX', '5000', body)).toBe(VECTORS[1]![0]);
    expect(
      auth.verifyRest(
        {
          apiKey: 'XXXXXXXXXX',
          timestamp: '1658385579423',
          recvWindow: '5000',
          payload: body,
          sign: VECTORS[1]![1],
        },
        1658385579500,
      ),
    ).toBe('XXXXXXXXXX');
  });

  it('applies the recv_window rule: server - recv <= ts < server + 1000', () => {
    const ts = 1658385579423;
    const input = {
      apiKey: 'test-key',
      timestamp: String(ts),
      recvWindow: '5000',
      payload: VECTORS[2]![0].slice(25),
      sign: VECTORS[2]![1],
    };
    expect(auth.verifyRest(input, ts + 5000)).toBe('test-key');
    expect(() => auth.verifyRest(input, ts + 5001)).toThrow(expect.objectContaining({ retCode: 10002 }));
    expect(auth.verifyRest(input, ts - 999)).toBe('test-key');
    expect(() => auth.verifyRest(input, ts - 1000)).toThrow(expect.objectContaining({ retCode: 10002 }));
  });

  it('gives 10003 for an unknown key and 10004 for a wrong secret', () => {
    const base = { timestamp: '1658385579423', recvWindow: '5000', payload: '{}' };
    expect(() => auth.verifyRest({ ...base, apiKey: 'nope', sign: 'ab' }, 1658385579423)).toThrow(
      expect.objectContaining({ retCode: 10003 }),
    );
    const wrong = hmacHex('other-secret', restSignPayload(base.timestamp, 'test-key', '5000', '{}'));
    let err: unknown;
    try {
      auth.verifyRest({ ...base, apiKey: 'test-key', sign: wrong }, 1658385579423);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).retCode).toBe(10004);
    expect((err as VenueError).retMsg).toContain('origin_string[1658385579423test-key5000{}]');
  });

  it('verifies WS auth against GET/realtime + expires', () => {
    expect(auth.verifyWs(['test-key', 1662350400000, VECTORS[3]![1]], 1662350399000)).toBe('test-key');
    expect(() => auth.verifyWs(['test-key', 1662350400000, VECTORS[3]![1]], 1662350400001)).toThrow(
      VenueError,
    );
    expect(() => auth.verifyWs(['test-key', 1662350400000, 'bad'], 1662350399000)).toThrow(
      expect.objectContaining({ retCode: 10004 }),
    );
  });
});
