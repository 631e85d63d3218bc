#!/usr/bin/env node
import { EXIT_USAGE, UsageError } from './args.js';

const USAGE = `usage: tranche <command> [flags]

commands:
  demo       run one parent order end to end in this process (no infrastructure)
  backtest   many generated parent orders under every policy, paired on the same market, with CIs
  submit     submit a parent order to a running router over NATS, optionally follow it
  schedule   pre-trade schedules: tranche schedule is|twap|vwap|pov [flags] [--json]
  pause      stop a running parent slicing:  tranche pause <parentId> [--reason TEXT]
  resume     let a paused parent slice again: tranche resume <parentId>
  cancel     cancel a parent:                 tranche cancel <parentId> [--reason TEXT]
  get        show a parent and its owner:     tranche get <parentId> [--json]
  amend      change a working parent:         tranche amend <parentId> [--deadline-in D] [--urgency U] [--limit-price P]
  halt       the kill switch (risk denies every new child): tranche halt --reason TEXT [--symbol S]
  reduce     reduce only:                     tranche reduce --reason TEXT [--symbol S]
  resume-trading  back to ACTIVE:             tranche resume-trading --reason TEXT [--symbol S]

Every command takes --help (or -h) and lists its flags with their defaults, e.g. tranche demo --help.
Durations are written with a unit: 90s, 15m, 2h, 500ms. Bad input exits with code 2.`;

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      return (await import('./demo.js')).demoCommand(rest, out);
    case 'backtest':
      return (await import('./backtest/command.js')).backtestCommand(rest, out, process.env, err);
    case 'submit':
      return (await import('./submit.js')).submitCommand(rest, out, process.env, err);
    case 'schedule':
      return (await import('./schedule.js')).scheduleCommand(rest, out, err);
    case 'pause':
    case 'resume':
    case 'cancel':
      return (await import('./control.js')).controlCommand(command, rest, out);
    case 'amend':
      return (await import('./amend.js')).amendCommand(rest, out);
    case 'get':
      return (await import('./get.js')).getCommand(rest, out);
    case 'halt':
    case 'reduce':
    case 'resume-trading':
      return (await import('./trading-state.js')).tradingStateCommand(command, rest, out);
    case 'help':
      // `tranche help demo` is `tranche demo --help`.
      if (
        rest[0] &&
        [
          'demo',
          'backtest',
          'submit',
          'schedule',
          'pause',
          'resume',
          'cancel',
          'amend',
          'get',
          'halt',
          'reduce',
          'resume-trading',
        ].includes(rest[0])
      )
        return main([rest[0], '--help']);
      out(USAGE);
      return 0;
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    case undefined:
      err(USAGE);
      return EXIT_USAGE;
    default:
      err(`tranche: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return EXIT_USAGE;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}

/**
 * Exit only after stdout and stderr have drained. Into a pipe, Node writes asynchronously once the
 * pipe's buffer (64 KiB) is full; exiting at once would cut the output there. The explicit exit
 * afterwards is still needed: SDK clients can leave sockets or timers behind that would otherwise
 * keep the process alive after the work is done.
 */
async function finish(code: number): Promise<void> {
  process.exitCode = code;
  await flushed(process.stdout);
  await flushed(process.stderr);
  process.exit(code);
}

// A reader that goes away early (`tranche demo | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

// The engine's wall-time waits (a venue report, a retry back-off) do not hold the process open, so
// a service can always shut down; a command must stay alive until it has finished, or a run that is
// only waiting for a report would end silently with nothing printed.
const keepAlive = setInterval(() => undefined, 60_000);
main(process.argv.slice(2)).then(
  (code) => {
    clearInterval(keepAlive);
    return finish(code);
  },
  (e: Error & { code?: string }) => {
    clearInterval(keepAlive);
    err(`tranche: ${e.message}`);
    return finish(e instanceof UsageError || e.code === 'USAGE' ? EXIT_USAGE : 1);
  },
);
