import { loadConfig } from './config.js';
import { SimConfigError } from './core/errors.js';

describe(loadConfig.name, () => {
  it('defaults to a synthetic BTCUSDT market on a free loopback port with the documented keys', () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      speed: 1,
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 42 },
      credentials: { apiKey: 'sim-key', apiSecret: 'sim-secret' },
      impact: { model: 'sqrt', y: 0.7 },
    });
  });

  it('reads flags before environment variables', () => {
    const c = loadConfig(['--port', '9000', '--speed=max', '--faults', '{"latencyMs":5}'], {
      SIM_PORT: '1',
      SIM_API_KEY: 'k',
      SIM_API_SECRET: 's',
      SIM_SYMBOLS: 'BTCUSDT,ETHUSDT',
    });
    expect(c.port).toBe(9000);
    expect(c.speed).toBe('max');
    expect(c.faults).toEqual({ latencyMs: 5 });
    expect(c.credentials).toEqual({ apiKey: 'k', apiSecret: 's' });
    expect(c.market).toMatchObject({ symbols: ['BTCUSDT', 'ETHUSDT'] });
  });

  it('switches to replay when files are given', () => {
    const c = loadConfig(['--replay', 'a.gz,b.gz', '--replay-symbol', 'BTCUSDT'], {});
    expect(c.market).toEqual({
      type: 'replay',
      files: [
        { path: 'a.gz', symbol: 'BTCUSDT' },
        { path: 'b.gz', symbol: 'BTCUSDT' },
      ],
    });
  });

  it('refuses disconnect cancel-all for every key or for the keys listed', () => {
    expect(loadConfig([], {}).dcpRefused).toBeUndefined();
    expect(loadConfig(['--dcp-refused', 'all'], {}).dcpRefused).toBe(true);
    expect(loadConfig([], { SIM_DCP_REFUSED: 'k1,k2' }).dcpRefused).toEqual(['k1', 'k2']);
  });

  it.each([
    [['--dcp-refused', ',']],
    [['--speed', 'fast']],
    [['--market', 'live']],
    [['--impact', 'kyle']],
    [['--bogus', '1']],
    [['--faults', '{nope']],
    [['--port']],
  ])('rejects %j with an actionable SimConfigError', (argv) => {
    expect(() => loadConfig(argv, {})).toThrow(SimConfigError);
  });
});
