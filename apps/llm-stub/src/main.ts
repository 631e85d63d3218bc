import { startLlmStub } from '@tranche/llm';
import { parseStubArgs, USAGE } from './args.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${USAGE.join('\n')}\n`);
  process.exit(0);
}
const args = parseStubArgs(argv, process.env);
if (typeof args === 'string') {
  process.stderr.write(`llm-stub: ${args}\n${USAGE[0]}\n`);
  process.exit(2);
}
const stub = await startLlmStub({
  port: args.port,
  host: args.host,
  model: args.model,
  control: args.control,
});
process.stdout.write(
  `llm-stub ready url=${stub.url} model=${args.model} fault=${args.control.fault ?? 'none'}\n`,
);
const stop = () => {
  stub.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
