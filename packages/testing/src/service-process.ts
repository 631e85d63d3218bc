import { spawn, type ChildProcess } from 'node:child_process';
import { sleep, waitFor } from './ports.js';

/** One of our services run as a separate OS process, with its output kept for assertions and failure messages. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    this.output = '';
    this.exitCode = undefined;
    this.child = spawn(process.execPath, [this.entry], {
      env: { ...process.env, ...this.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.once('exit', (code) => (this.exitCode = code));
    return this;
  }

  logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `${this.name} to log ${pattern}`,
      () => {
        if (this.exitCode !== undefined)
          throw new Error(`${this.name} exited with ${this.exitCode}:\n${this.output}`);
        return pattern.test(this.output);
      },
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.output}`);
    });
  }

  /**
   * Freeze the process (SIGSTOP) or thaw it (SIGCONT): a service that hangs with its sockets open is
   * a different failure from one that died, and the one monitoring misses most often.
   */
  freeze(frozen: boolean): void {
    if (!this.running) throw new Error(`${this.name} is not running`);
    this.child!.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Stop the process; SIGKILL simulates a crash, SIGTERM a graceful shutdown. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000): Promise<number | null | undefined> {
    const c = this.child;
    if (!c || this.exitCode !== undefined) return this.exitCode;
    const done = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await Promise.race([done, sleep(graceMs).then(() => c.kill('SIGKILL'))]);
    await done;
    return this.exitCode;
  }
}
