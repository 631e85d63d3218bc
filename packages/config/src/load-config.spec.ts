import { ConfigError, loadConfig, natsUrl, port, positiveMs } from './index.js';

const shape = { NATS_URL: natsUrl(), HEALTH_PORT: port(8080), RISK_DEADLINE_MS: positiveMs(50) };

describe('loadConfig', () => {
  it('applies defaults when variables are unset or empty', () => {
    const cfg = loadConfig('risk', shape, { NATS_URL: '' });
    expect(cfg).toEqual({ NATS_URL: 'nats://127.0.0.1:4222', HEALTH_PORT: 8080, RISK_DEADLINE_MS: 50 });
  });

  it('coerces numbers from strings', () => {
    expect(loadConfig('risk', shape, { HEALTH_PORT: '9100' }).HEALTH_PORT).toBe(9100);
  });

  it('names every bad variable in the error', () => {
    let caught: unknown;
    try {
      loadConfig('risk', shape, { NATS_URL: 'localhost:4222', RISK_DEADLINE_MS: '-5' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const e = caught as ConfigError;
    expect(e.problems.map((p) => p.variable).sort()).toEqual(['NATS_URL', 'RISK_DEADLINE_MS']);
    expect(e.message).toContain('NATS_URL');
    expect(e.message).toContain('"localhost:4222"');
  });
});
