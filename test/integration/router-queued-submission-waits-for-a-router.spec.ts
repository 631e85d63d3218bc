import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@tranche/testing';
import { Cluster, ROOT } from './cluster.js';

interface Cli {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function cli(natsUrl: string, ...args: string[]): Cli {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'apps', 'cli', 'dist', 'main.js'), ...args, '--nats', natsUrl],
    {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, exit };
}

/**
 * A submission queued while no router runs is stored, not lost: the first router to start takes it,
 * and a follower sees it accepted and carried to its end.
 */
describe('a queued submission waits for a router', () => {
  const cluster = new Cluster();

  beforeAll(async () => {
    await cluster.start({ ROUTER_REPLICA_ID: 'router-a' });
    await cluster.service('router').stop('SIGTERM');
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
  });

  it('is stored while no router runs, de-duplicated by its client id, then accepted and completed', async () => {
    const flags = ['--qty', '0.02', '--horizon', '6s', '--slices', '3', '--client-id', 'queued-1'];
    const follower = cli(cluster.nats.url, 'submit', '--queue', '--follow', ...flags);
    await waitFor(
      'the submission stored',
      () => /queued submission queued-1: stored/.test(follower.out()),
      20_000,
    );
    // Nobody runs: the command is stored and acknowledged, and the same client id is not queued twice.
    const again = cli(cluster.nats.url, 'submit', '--queue', ...flags);
    expect(await again.exit).toBe(0);
    expect(again.out()).toMatch(/already queued submission queued-1/);

    cluster.service('router').start();
    expect(await follower.exit).toBe(0);
    expect(follower.out()).toMatch(/accepted parent p[0-9a-f]+ BUY 0.02 BTCUSDT/);
    expect(follower.out()).toMatch(/ parentCompleted /);
    // Exactly one parent came of it.
    expect(follower.out().match(/accepted parent/g)).toHaveLength(1);
  }, 90_000);

  it('a queued submission a router refuses comes back to the follower with the limit named, exit 2', async () => {
    await cluster.service('router').waitForLog(/ ready nats=/, 60_000);
    const refused = cli(
      cluster.nats.url,
      'submit',
      '--queue',
      '--follow',
      '--qty',
      '99999999',
      '--client-id',
      'queued-2',
    );
    expect(await refused.exit).toBe(2);
    expect(refused.out()).toMatch(/--qty: parent refused: .*LIMIT_EXCEEDED|--qty: parent refused/);
  }, 60_000);
});
