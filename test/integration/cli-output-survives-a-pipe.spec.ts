import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY, REPO_ROOT, requireBuiltCli, runCli } from '../../apps/cli/test/cli-process.js';

/**
 * Output written into a pipe must arrive whole. A pipe's kernel buffer holds 64 KiB; past that
 * Node queues the rest and writes it later, so a process that exits as soon as it has "written"
 * everything cuts its output at 65536 bytes.
 */

const PIPE_BUFFER = 65_536;

/** The same command with stdout redirected to a file, as `> out.json` would. */
function runToFile(args: readonly string[]): string {
  requireBuiltCli();
  const dir = mkdtempSync(join(tmpdir(), 'tranche-cli-pipe-'));
  const path = join(dir, 'out.json');
  const fd = openSync(path, 'w');
  try {
    const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', fd, 'pipe'],
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`tranche ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return readFileSync(path, 'utf8');
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Latencies are wall-clock measurements and differ between two runs; everything else has a fixed width. */
function withoutTimings(json: string): string {
  return JSON.stringify(JSON.parse(json), (key, value: unknown) => (/^latency/.test(key) ? 0 : value));
}

describe('tranche output through a pipe', () => {
  it('demo --json larger than a pipe buffer arrives whole and parses', async () => {
    // Many slices on the paper venue: a few hundred kB of JSON in a couple of seconds.
    const args = ['demo', '--venue', 'paper', '--qty', '40', '--slices', '400', '--json'];
    const piped = await runCli(args, { timeoutMs: 60_000, throughPipe: true });
    expect(piped.timedOut).toBe(false);
    expect(piped.code).toBe(0);
    expect(Buffer.byteLength(piped.stdout)).toBeGreaterThan(2 * PIPE_BUFFER);
    expect(() => JSON.parse(piped.stdout) as unknown).not.toThrow();
    const filed = runToFile(args);
    expect(withoutTimings(piped.stdout).length).toBe(withoutTimings(filed).length);
  }, 120_000);

  it('the default demo --json through a pipe matches the same output written to a file', async () => {
    const piped = await runCli(['demo', '--json'], { timeoutMs: 60_000, throughPipe: true });
    expect(piped.code).toBe(0);
    const parsed = JSON.parse(piped.stdout) as { policy: unknown; twap: unknown; valueAddBps: number };
    expect(Object.keys(parsed)).toEqual(['policy', 'twap', 'valueAddBps']);
    const filed = runToFile(['demo', '--json']);
    expect(withoutTimings(piped.stdout).length).toBe(withoutTimings(filed).length);
  }, 120_000);

  it('schedule --json larger than a pipe buffer arrives whole', async () => {
    const piped = await runCli(
      ['schedule', 'twap', '--qty', '100', '--slices', '2000', '--horizon', '24h', '--start', '0', '--json'],
      { timeoutMs: 30_000, throughPipe: true },
    );
    expect(piped.code).toBe(0);
    expect(Buffer.byteLength(piped.stdout)).toBeGreaterThan(PIPE_BUFFER);
    const r = JSON.parse(piped.stdout) as { slices: unknown[] };
    expect(r.slices).toHaveLength(2000);
  }, 30_000);
});
