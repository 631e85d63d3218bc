import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI_ENTRY = join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface CliResult {
  /** null when the process had to be killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the process did not exit within the time allowed and was killed. */
  timedOut: boolean;
}

export function requireBuiltCli(): void {
  if (!existsSync(CLI_ENTRY))
    throw new Error(
      `${CLI_ENTRY} is missing: build the CLI first (pnpm turbo run build --filter=@tranche/cli...)`,
    );
}

/**
 * Run the built CLI as its own process with stdout and stderr as pipes, as a shell pipeline would,
 * and collect everything it writes. A process still running after `timeoutMs` is killed and
 * reported as timed out rather than left to hang the test run.
 */
export function runCli(
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; throughPipe?: boolean } = {},
): Promise<CliResult> {
  requireBuiltCli();
  // Node gives a child's stdio a socket pair, whose buffers are far larger than a pipe's; only a
  // real pipe(2), as a shell pipeline makes, shows output lost at the 64 KiB a pipe holds.
  const [command, argv]: [string, string[]] = options.throughPipe
    ? ['bash', ['-c', 'set -o pipefail; "$0" "$@" | cat', process.execPath, CLI_ENTRY, ...args]]
    : [process.execPath, [CLI_ENTRY, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills the whole pipeline, not just the shell.
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // 'close', not 'exit': only then have both pipes been read to the end.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}
