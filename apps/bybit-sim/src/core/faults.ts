import { Rng } from './rng.js';
import { SimConfigError } from './errors.js';

/**
 * A fault fires either for the next `count` matching requests/messages (deterministic, for
 * tests) or with probability `rate` (seeded, for soak runs). `paths` limits REST faults to some
 * endpoints, e.g. ["/v5/order/create"].
 */
export interface FaultRule {
  rate?: number;
  count?: number;
  paths?: string[];
}

export interface FaultConfig {
  /** Extra delay before every REST response and WS trade reply (ms, wall clock). */
  latencyMs?: number;
  latencyJitterMs?: number;
  /** Answer with HTTP 5xx (status, default 503) without processing the request. */
  http5xx?: FaultRule & { status?: number };
  /** Answer retCode 10006 (default) or HTTP 429 without processing the request. */
  rateLimit?: FaultRule & { kind?: '10006' | '429' };
  /** Process the request (the order IS accepted), then drop the connection without answering. */
  responseLost?: FaultRule & { delayMs?: number };
  /** Ban every client IP for `ms` (HTTP 403 "access too frequent"). */
  ipBanMs?: number;
  /** Public orderbook deltas: skip one (a gap in u), send one twice, or swap two. */
  deltaDrop?: FaultRule;
  deltaDuplicate?: FaultRule;
  deltaReorder?: FaultRule;
  /** Send a u=1 snapshot (Bybit's service-restart signal) instead of a delta. */
  bookRestart?: FaultRule;
  /** Close WS connections (all paths, or one of /v5/public/linear, /v5/private, /v5/trade). */
  wsDisconnect?: FaultRule;
}

type RuleName = Exclude<keyof FaultConfig, 'latencyMs' | 'latencyJitterMs' | 'ipBanMs'>;

const RULES: RuleName[] = [
  'http5xx',
  'rateLimit',
  'responseLost',
  'deltaDrop',
  'deltaDuplicate',
  'deltaReorder',
  'bookRestart',
  'wsDisconnect',
];

export class FaultInjector {
  private config: FaultConfig = {};
  private readonly rng: Rng;
  /** Counters of faults actually injected, for tests and the control endpoint. */
  readonly fired: Record<string, number> = {};

  constructor(seed = 7, initial: FaultConfig = {}) {
    this.rng = new Rng(seed);
    this.update(initial);
  }

  get current(): FaultConfig {
    return JSON.parse(JSON.stringify(this.config)) as FaultConfig;
  }

  /** Merge a partial config (the control endpoint's POST /sim/faults). */
  update(patch: FaultConfig): void {
    for (const k of Object.keys(patch)) {
      if (![...RULES, 'latencyMs', 'latencyJitterMs', 'ipBanMs'].includes(k)) {
        throw new SimConfigError(
          `unknown fault "${k}"; known: ${[...RULES, 'latencyMs', 'latencyJitterMs', 'ipBanMs'].join(', ')}`,
        );
      }
    }
    for (const r of RULES) {
      const rule = patch[r];
      if (rule && rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
        throw new SimConfigError(`fault ${r}.rate must be within [0, 1]`);
      }
    }
    // Copy: counted rules are consumed in place and must not mutate the caller's object.
    this.config = { ...this.config, ...(JSON.parse(JSON.stringify(patch)) as FaultConfig) };
  }

  reset(): void {
    this.config = {};
  }

  /** Does fault `name` fire now for `path`? Consumes one `count` when it does. */
  fire(name: RuleName, path?: string): boolean {
    const rule = this.config[name];
    if (!rule) return false;
    if (rule.paths && path !== undefined && !rule.paths.includes(path)) return false;
    let hit = false;
    if (rule.count !== undefined && rule.count > 0) {
      rule.count--;
      hit = true;
    } else if (rule.rate !== undefined && rule.rate > 0) {
      hit = this.rng.next() < rule.rate;
    }
    if (hit) this.fired[name] = (this.fired[name] ?? 0) + 1;
    return hit;
  }

  rule<K extends RuleName>(name: K): FaultConfig[K] {
    return this.config[name];
  }

  latency(): number {
    const base = this.config.latencyMs ?? 0;
    const j = this.config.latencyJitterMs ?? 0;
    return Math.max(0, base + (j > 0 ? this.rng.next() * j : 0));
  }

  /** One-shot: returns and clears a pending IP ban request. */
  takeIpBan(): number | undefined {
    const ms = this.config.ipBanMs;
    if (ms === undefined) return undefined;
    delete this.config.ipBanMs;
    return ms;
  }
}
