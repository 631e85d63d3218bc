import { connect } from '@nats-io/transport-node';
import { risk, Subjects } from '@tranche/contracts';
import { RpcClient, RpcRemoteError } from '@tranche/transport';
import { type CommandSpec, helpText, parseArgs, parseDuration, parseSymbol, UsageError } from './args.js';

export type TradingVerb = 'halt' | 'reduce' | 'resume-trading';

const STATE: Record<TradingVerb, risk.TradingState> = {
  halt: risk.TradingState.TRADING_STATE_HALTED,
  reduce: risk.TradingState.TRADING_STATE_REDUCING,
  'resume-trading': risk.TradingState.TRADING_STATE_ACTIVE,
};

const SUMMARY: Record<TradingVerb, string> = {
  halt: 'The kill switch: risk denies every new child order, for one symbol or (without --symbol) all.',
  reduce: 'Reduce only: risk denies aggressive children and halves passive ones, for one symbol or all.',
  'resume-trading': 'Back to ACTIVE, for one symbol or (without --symbol) the global state.',
};

export function tradingStateSpec(verb: TradingVerb): CommandSpec {
  return {
    name: verb,
    summary: SUMMARY[verb],
    usage: '--reason TEXT [flags]',
    flags: [
      { name: 'reason', value: 'TEXT', help: 'why, kept in the trading-state log (required)' },
      {
        name: 'symbol',
        value: 'SYMBOL',
        default: 'all symbols',
        help: 'one symbol instead of the global state',
      },
      { name: 'by', value: 'NAME', default: 'USER or "cli"', help: 'who asked, kept in the log' },
      {
        name: 'nats',
        value: 'URL',
        default: 'NATS_URL or nats://127.0.0.1:4222',
        help: 'NATS server risk listens on',
      },
      { name: 'timeout', value: 'DURATION', default: '10s', help: 'how long to wait for risk' },
    ],
    notes: [
      'The strictest of the global and the symbol state applies. Exit status: 0 done (the states are printed);',
      '1 risk refused or could not be reached; 2 bad input.',
    ],
  };
}

const name = (s: risk.TradingState | null | undefined) =>
  risk.TradingState[s ?? 0]?.replace('TRADING_STATE_', '') ?? 'UNKNOWN';

/** `tranche halt|reduce|resume-trading`: set a trading state on the risk service over NATS. */
export async function tradingStateCommand(
  verb: TradingVerb,
  argv: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const spec = tradingStateSpec(verb);
  const parsed = parseArgs(argv, spec);
  if (parsed.help) {
    helpText(spec).forEach((l) => out(l));
    return 0;
  }
  if (parsed.positional.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positional[0])}`);
  const reason = parsed.flags.get('reason');
  if (typeof reason !== 'string' || reason.trim() === '')
    throw new UsageError(`--reason is required: say why, e.g. tranche ${verb} --reason "venue incident"`);
  const symbolFlag = parsed.flags.get('symbol');
  const symbol = typeof symbolFlag === 'string' ? parseSymbol(symbolFlag) : '';
  const by = parsed.flags.get('by');
  const given = parsed.flags.get('nats');
  const servers = typeof given === 'string' ? given : (env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const timeout = parsed.flags.get('timeout');
  const timeoutMs = parseDuration('timeout', typeof timeout === 'string' ? timeout : '10s');
  const nc = await connect({ servers, name: 'tranche-cli' }).catch((e: Error) => {
    throw new Error(
      `cannot reach NATS at ${servers}: ${e.message}. Start the services (README) or pass --nats`,
    );
  });
  try {
    const status = await new RpcClient(nc, timeoutMs)
      .request(
        Subjects.riskSetTradingState,
        risk.SetTradingStateRequest.create({
          state: STATE[verb],
          symbol,
          reason,
          requestedBy: typeof by === 'string' ? by : (env['USER'] ?? 'cli'),
        }),
      )
      .catch((e: unknown) => {
        if (e instanceof RpcRemoteError && e.remoteCode === 'BAD_REQUEST') throw new UsageError(e.message);
        throw e;
      });
    out(`global ${name(status.global?.state)}${status.global?.reason ? `: ${status.global.reason}` : ''}`);
    for (const s of status.symbols) out(`${s.symbol} ${name(s.state)}${s.reason ? `: ${s.reason}` : ''}`);
    return 0;
  } finally {
    await nc.close().catch(() => undefined);
  }
}
