import { loadConfig, USAGE } from './config.js';
import { SimConfigError, MarketDataError } from './core/errors.js';
import { startSimulator } from './simulator.js';

/**
 * Standalone entry. The first stdout line is machine-read by scripts and tests:
 *   listening rest=http://127.0.0.1:<port> ws=ws://127.0.0.1:<port>
 */
async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(USAGE);
    return;
  }
  const sim = await startSimulator({ ...config, log: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`listening rest=${sim.restUrl} ws=${sim.wsUrl}\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const known = e instanceof SimConfigError || e instanceof MarketDataError;
  process.stderr.write(`bybit-sim: ${known ? (e as Error).message : (e as Error).stack}\n`);
  process.exit(known ? 2 : 1);
});
