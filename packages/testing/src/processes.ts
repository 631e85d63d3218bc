import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, waitFor } from './ports.js';

export function binaryOnPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A server process the test owns: it can be stopped and started again on the same port. */
export interface ManagedServer {
  readonly port: number;
  readonly url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /** Stop for good and remove the server's data directory. */
  dispose(): Promise<void>;
  logs(): string;
}

function managed(
  name: string,
  bin: string,
  argsFor: (port: number) => string[],
  scheme: string,
  dataDir: string,
  port: number,
): ManagedServer {
  let child: ChildProcess | undefined;
  let output = '';
  const server: ManagedServer = {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    logs: () => output,
    async start() {
      child = spawn(bin, argsFor(port), { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
      const up = waitFor(`${name} on port ${port}`, () => portOpen(port), 15_000);
      const res = await Promise.race([up.then(() => 'up' as const), exited.then((c) => c)]);
      if (res !== 'up') throw new Error(`${name} exited with code ${res} before listening:\n${output}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const done = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill(signal);
      await Promise.race([done, sleep(5000).then(() => c.kill('SIGKILL'))]);
      await done;
    },
    async dispose() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Start `nats-server -js` on a free port with its own store directory. */
export async function startNatsServer(): Promise<ManagedServer> {
  if (!binaryOnPath('nats-server'))
    throw new Error(
      'nats-server is not on PATH: install it (apt-get install nats-server) or run scripts/test.sh',
    );
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tranche-nats-'));
  // The store directory outlives stop(): a restarted server must find its JetStream data again.
  const s = managed(
    'nats-server',
    'nats-server',
    (p) => ['-a', '127.0.0.1', '-p', String(p), '-js', '-sd', dir],
    'nats',
    dir,
    port,
  );
  await s.start();
  return s;
}

/** Start a throwaway `redis-server` on a free port that keeps nothing on disk. */
/** `appendOnly`: persist every write to an append-only file, as shipped, so a restart keeps the state. */
export async function startRedisServer(options: { appendOnly?: boolean } = {}): Promise<ManagedServer> {
  if (!binaryOnPath('redis-server'))
    throw new Error(
      'redis-server is not on PATH: install it (apt-get install redis-server) or run scripts/test.sh',
    );
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tranche-redis-'));
  const s = managed(
    'redis-server',
    'redis-server',
    (p) => [
      '--port',
      String(p),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      options.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--dir',
      dir,
    ],
    'redis',
    dir,
    port,
  );
  await s.start();
  return s;
}
