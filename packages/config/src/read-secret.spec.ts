import { ConfigError, readSecret } from './index.js';

describe(readSecret.name, () => {
  const files: Record<string, string> = { '/run/secrets/bybit': 's3cr3t\n', '/run/secrets/empty': '\n' };
  const read = (p: string) => {
    const v = files[p];
    if (v === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return v;
  };

  it('reads the variable, or the file it points to without the trailing newline', () => {
    expect(readSecret('router', 'BYBIT_API_SECRET', { BYBIT_API_SECRET: 'abc' }, read)).toBe('abc');
    expect(
      readSecret('router', 'BYBIT_API_SECRET', { BYBIT_API_SECRET_FILE: '/run/secrets/bybit' }, read),
    ).toBe('s3cr3t');
    expect(readSecret('router', 'BYBIT_API_SECRET', {}, read)).toBeUndefined();
  });

  it('names the variable and never the value when something is wrong', () => {
    const cases = [
      { BYBIT_API_SECRET: 'abc', BYBIT_API_SECRET_FILE: '/run/secrets/bybit' },
      { BYBIT_API_SECRET_FILE: '/run/secrets/missing' },
      { BYBIT_API_SECRET_FILE: '/run/secrets/empty' },
    ];
    for (const env of cases) {
      let caught: unknown;
      try {
        readSecret('router', 'BYBIT_API_SECRET', env, read);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(/BYBIT_API_SECRET/);
      expect((caught as Error).message).not.toContain('s3cr3t');
      expect((caught as Error).message).not.toContain('abc');
    }
  });
});
