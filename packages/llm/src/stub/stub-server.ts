import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { injectedAnswer, scriptedAnswer } from './scripted-policy.js';

/** How the stub misbehaves. Every mode but `none` and `latency` makes the advisor fall back. */
export const STUB_FAULTS = [
  'none',
  'latency',
  'rate-limit',
  'server-error',
  'hang',
  'malformed',
  'schema',
  'refusal',
  'injection',
] as const;
export type StubFault = (typeof STUB_FAULTS)[number];

export interface StubControl {
  fault: StubFault;
  /** Delay before every answer (any mode), ms. */
  latencyMs: number;
  /** rate-limit: the retry-after header, seconds. */
  retryAfterS: number;
  /** Faulty answers left before the stub behaves again; undefined for every answer. */
  times?: number;
}

export interface StubRequestRecord {
  atMs: number;
  model: string;
  messages: Array<{ role: string; content: string }>;
  /** The response_format the client sent (a strict json_schema from the SDK's zod helper). */
  responseFormat: unknown;
  fault: StubFault;
  status: number;
}

export interface LlmStubOptions {
  port?: number;
  host?: string;
  /** The model name the stub answers as. */
  model?: string;
  control?: Partial<StubControl>;
}

export interface LlmStub {
  /** Base URL for the SDK (`baseURL`), ending in /v1. */
  readonly url: string;
  readonly port: number;
  readonly requests: StubRequestRecord[];
  control(next: Partial<StubControl>): StubControl;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

const tokens = (text: string) => Math.ceil(text.length / 4);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A deterministic OpenAI-compatible Chat Completions server. Its answers come from a scripted
 * policy that reads the prompt's features; its faults (latency, 429 with retry-after, 500, a hang,
 * malformed JSON, schema-violating JSON, a refusal, obeying an instruction planted in a headline)
 * are switched by the options, `POST /control` or the app's flags. `GET /requests` lists what it was
 * sent. It is what the demo talks to when no real endpoint is configured, and what the tests drive
 * through the real SDK.
 */
export async function startLlmStub(options: LlmStubOptions = {}): Promise<LlmStub> {
  const model = options.model ?? 'tranche-stub-1';
  let control: StubControl = { fault: 'none', latencyMs: 0, retryAfterS: 1, ...options.control };
  const requests: StubRequestRecord[] = [];
  const sockets = new Set<Socket>();
  let seq = 0;

  const takeFault = (): StubFault => {
    if (control.fault === 'none' || control.fault === 'latency') return control.fault;
    if (control.times === undefined) return control.fault;
    if (control.times <= 0) return 'none';
    control = { ...control, times: control.times - 1 };
    return control.fault;
  };

  const handleCompletion = async (req: IncomingMessage, res: ServerResponse) => {
    if (!/^Bearer \S+/.test(req.headers.authorization ?? ''))
      return json(res, 401, { error: { message: 'missing API key', type: 'invalid_request_error' } });
    let body: {
      model?: string;
      messages?: Array<{ role: string; content: string }>;
      response_format?: unknown;
    };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return json(res, 400, { error: { message: 'messages is required', type: 'invalid_request_error' } });
    const fault = takeFault();
    const record: StubRequestRecord = {
      atMs: Date.now(),
      model: body.model ?? '',
      messages: body.messages.map((m) => ({ role: m.role, content: String(m.content) })),
      responseFormat: body.response_format,
      fault,
      status: 200,
    };
    requests.push(record);
    if (requests.length > 500) requests.shift();
    if (control.latencyMs > 0) await new Promise((r) => setTimeout(r, control.latencyMs));
    if (fault === 'hang') return; // the socket stays open until the client gives up or the stub closes
    if (fault === 'rate-limit') {
      record.status = 429;
      return json(
        res,
        429,
        {
          error: {
            message: 'Rate limit reached for requests',
            type: 'requests',
            code: 'rate_limit_exceeded',
          },
        },
        { 'retry-after': String(control.retryAfterS) },
      );
    }
    if (fault === 'server-error') {
      record.status = 500;
      return json(res, 500, { error: { message: 'The server had an error', type: 'server_error' } });
    }
    const user = body.messages
      .filter((m) => m.role === 'user')
      .map((m) => String(m.content))
      .join('\n');
    let content: string | null;
    let refusal: string | null = null;
    switch (fault) {
      case 'malformed':
        content = '{"action": "AGGRESSIVE", "quantity": 0.5, "reasoning": "the market is';
        break;
      case 'schema':
        content = JSON.stringify({
          action: 'SELL_EVERYTHING',
          quantity: 'lots',
          limit_price: null,
          duration_secs: null,
          new_rate: null,
          impact_adjustment: 7,
          reasoning: '',
          confidence: 2,
          leverage: 100,
        });
        break;
      case 'refusal':
        content = null;
        refusal = "I'm sorry, I can't help with trading decisions.";
        break;
      case 'injection':
        content = injectedAnswer(user) ?? JSON.stringify(scriptedAnswer(user));
        break;
      default:
        content = JSON.stringify(scriptedAnswer(user));
    }
    const prompt = body.messages.reduce((s, m) => s + tokens(String(m.content)), 0);
    const completion = tokens(content ?? refusal ?? '');
    return json(res, 200, {
      id: `chatcmpl-stub-${++seq}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const route = `${req.method} ${path}`;
    const done = (p: Promise<unknown> | unknown) =>
      Promise.resolve(p).catch((err: Error) => {
        if (!res.headersSent) json(res, 500, { error: { message: err.message, type: 'stub_error' } });
      });
    switch (route) {
      case 'POST /v1/chat/completions':
      case 'POST /chat/completions':
        return void done(handleCompletion(req, res));
      case 'GET /v1/models':
      case 'GET /models':
        return json(res, 200, {
          object: 'list',
          data: [{ id: model, object: 'model', owned_by: 'tranche' }],
        });
      case 'GET /control':
        return json(res, 200, control);
      case 'POST /control':
        return void done(
          readBody(req).then((text) => {
            const next = parseControl(text);
            if (typeof next === 'string') return json(res, 400, { error: next });
            control = { ...control, ...next };
            if (next.times === undefined) delete control.times;
            return json(res, 200, control);
          }),
        );
      case 'GET /requests':
        return json(res, 200, requests);
      case 'POST /reset':
        requests.length = 0;
        control = { fault: 'none', latencyMs: 0, retryAfterS: 1 };
        return json(res, 200, control);
      default:
        return json(res, 404, { error: { message: `no route ${route}`, type: 'invalid_request_error' } });
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    port,
    requests,
    control(next) {
      // A fault set without `times` applies to every answer.
      control = { ...control, ...next };
      if (next.times === undefined) delete control.times;
      return control;
    },
    async close() {
      // A hanging request would keep close() waiting for ever: end every connection.
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A control body: {fault, latencyMs, retryAfterS, times}; a string names what is wrong. */
export function parseControl(text: string): Partial<StubControl> | string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text || '{}') as Record<string, unknown>;
  } catch {
    return 'body is not JSON';
  }
  const out: Partial<StubControl> = {};
  if (o.fault !== undefined) {
    if (!(STUB_FAULTS as readonly unknown[]).includes(o.fault))
      return `fault must be one of ${STUB_FAULTS.join(', ')}`;
    out.fault = o.fault as StubFault;
  }
  for (const k of ['latencyMs', 'retryAfterS', 'times'] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${k} must be a number >= 0`;
    out[k] = v;
  }
  return out;
}
