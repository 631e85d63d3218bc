#!/usr/bin/env node
import { UsageError } from './args.js';

const USAGE = `usage: tranche <command> [flags]

commands:
  demo       run one parent order end to end in this process (no infrastructure)
             --symbol BTCUSDT --side buy --qty 25 --horizon 2h --slices 24 --seed 42 [--venue sim|paper] [--json]
  submit     submit a parent order to a running router over NATS
             --symbol BTCUSDT --side buy --qty 0.5 --horizon 10m --slices 10 [--client-id ID] [--nats URL] [--follow]
  schedule   pre-trade schedules: tranche schedule is|twap|vwap|pov [flags] [--json]`;

const out = (line: string) => process.stdout.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      return (await import('./demo.js')).demoCommand(rest, out);
    case 'submit':
      return (await import('./submit.js')).submitCommand(rest, out);
    case 'schedule':
      return (await import('./schedule.js')).scheduleCommand(rest, out);
    case undefined:
    case 'help':
    case '--help':
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`tranche: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error & { code?: string }) => {
    process.stderr.write(`tranche: ${err.message}\n`);
    process.exit(err instanceof UsageError || err.code === 'USAGE' ? 2 : 1);
  },
);
