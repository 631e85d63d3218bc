import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cluster.js';

function run(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(ROOT, 'apps', service, 'dist', 'main.js')], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('service configuration is validated at start', () => {
  it('exits with EX_CONFIG and names each bad variable', () => {
    const r = run('risk', { RISK_MAX_ORDERS_PER_MINUTE: '-5', NATS_URL: 'localhost:4222' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('risk: invalid configuration');
    expect(r.stderr).toMatch(/RISK_MAX_ORDERS_PER_MINUTE: .*"-5"/);
    expect(r.stderr).toMatch(/NATS_URL: must be a NATS URL/);
  });

  it('refuses an unknown market-data symbol before connecting anywhere', () => {
    const r = run('market-data', { MD_SYMBOLS: 'btcusdt' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('MD_SYMBOLS');
  });

  it('reports an unreachable NATS in one line and exits 1, without a stack trace', () => {
    const r = run('impact', { NATS_URL: 'nats://127.0.0.1:1', HEALTH_PORT: '0' });
    expect(r.status).toBe(1);
    const plain = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(plain).toEqual([expect.stringMatching(/^impact: cannot start: /)]);
  });
});
