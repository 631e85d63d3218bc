import { parseControl, STUB_FAULTS, type StubControl } from '@tranche/llm';

export interface StubArgs {
  port: number;
  host: string;
  model: string;
  control: Partial<StubControl>;
}

export const USAGE = [
  'usage: llm-stub [--port N] [--host ADDR] [--model NAME] [--fault MODE] [--latency-ms N] [--retry-after-s N] [--times N]',
  '',
  'A deterministic OpenAI-compatible Chat Completions server (POST /v1/chat/completions) for the',
  'decision service, the demo and the tests. Point OPENAI_BASE_URL at http://HOST:PORT/v1.',
  '',
  `  --fault MODE       ${STUB_FAULTS.join(', ')} (default none)`,
  '  --latency-ms N     delay before every answer',
  '  --retry-after-s N  retry-after of the rate-limit fault (default 1)',
  '  --times N          faulty answers before behaving again (default: all of them)',
  '',
  'At run time: GET|POST /control {"fault","latencyMs","retryAfterS","times"}, GET /requests, POST /reset.',
  'Environment: LLM_STUB_PORT (default 8089), LLM_STUB_FAULT.',
];

/** Flags over environment over defaults; a string is the usage error to print. */
export function parseStubArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): StubArgs | string {
  const out: StubArgs = {
    port: Number(env['LLM_STUB_PORT'] || 8089),
    host: '127.0.0.1',
    model: 'tranche-stub-1',
    control: {},
  };
  const control: Record<string, unknown> = {};
  if (env['LLM_STUB_FAULT']) control.fault = env['LLM_STUB_FAULT'];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    i++;
    switch (flag) {
      case '--port':
        out.port = Number(value);
        break;
      case '--host':
        out.host = value;
        break;
      case '--model':
        out.model = value;
        break;
      case '--fault':
        control.fault = value;
        break;
      case '--latency-ms':
        control.latencyMs = Number(value);
        break;
      case '--retry-after-s':
        control.retryAfterS = Number(value);
        break;
      case '--times':
        control.times = Number(value);
        break;
      default:
        return `unknown flag ${flag}`;
    }
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) return '--port must be a port number';
  const parsed = parseControl(JSON.stringify(control));
  if (typeof parsed === 'string') return parsed;
  out.control = parsed;
  return out;
}
