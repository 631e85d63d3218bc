import type { Clock } from './clock.js';
import { RetCode, VenueError } from './errors.js';

/** `product` of POST /v5/order/disconnected-cancel-all; Bybit's default is OPTIONS. */
export type DcpProduct = 'OPTIONS' | 'DERIVATIVES' | 'SPOT';

const PRODUCTS: ReadonlySet<string> = new Set<DcpProduct>(['OPTIONS', 'DERIVATIVES', 'SPOT']);
export const DCP_MIN_WINDOW_S = 3;
export const DCP_MAX_WINDOW_S = 300;
/** The product whose orders this simulator holds (linear perpetuals). */
const SIMULATED_PRODUCT: DcpProduct = 'DERIVATIVES';

interface KeyState {
  /** timeWindow in seconds per product, as last set. */
  windows: Map<DcpProduct, number>;
  /** Private connections of this key currently subscribed to `dcp`. */
  live: number;
  /** Wall time the last such connection went away; undefined while one is live or once fired. */
  downSince: number | undefined;
  triggers: number;
}

export interface DcpTrigger {
  apiKey: string;
  /** The DERIVATIVES window that elapsed, in seconds. */
  windowS: number;
  downSince: number;
}

export interface DcpKeyView {
  apiKey: string;
  windows: Record<string, number>;
  liveConnections: number;
  disconnectedSince: number | null;
  triggers: number;
}

function integerParam(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/**
 * Bybit's disconnect cancel-all (DCP), per API key: once a key has set a DERIVATIVES window and
 * has had a private connection subscribed to `dcp`, losing the last such connection starts a
 * timer on the wall clock (what the WebSockets live on); if no subscribed connection is back
 * within the window, every open order of the key is cancelled. A connection back in time resets
 * the timer, and the timer runs again at the next loss.
 *
 * Keys can be refused the feature, as accounts Bybit has not enabled it for.
 */
export class DisconnectCancelAll {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly wall: Clock,
    /** true: every key is refused; a list: those keys are. */
    private readonly refused: boolean | readonly string[] = false,
  ) {}

  private state(apiKey: string): KeyState {
    let st = this.keys.get(apiKey);
    if (!st) {
      st = { windows: new Map(), live: 0, downSince: undefined, triggers: 0 };
      this.keys.set(apiKey, st);
    }
    return st;
  }

  isRefused(apiKey: string): boolean {
    return this.refused === true || (Array.isArray(this.refused) && this.refused.includes(apiKey));
  }

  /** POST /v5/order/disconnected-cancel-all for `apiKey`; throws the VenueError Bybit would answer. */
  setWindow(apiKey: string, p: Record<string, unknown>): Record<string, never> {
    const productRaw = p.product ?? 'OPTIONS';
    if (typeof productRaw !== 'string' || !PRODUCTS.has(productRaw)) {
      throw new VenueError(
        RetCode.PARAM_ERROR,
        `params error: product must be one of OPTIONS, DERIVATIVES, SPOT, got ${String(productRaw)}`,
      );
    }
    if (p.timeWindow === undefined || p.timeWindow === null || p.timeWindow === '') {
      throw new VenueError(RetCode.PARAM_ERROR, 'params error: timeWindow is required');
    }
    const window = integerParam(p.timeWindow);
    if (window === undefined || window < DCP_MIN_WINDOW_S || window > DCP_MAX_WINDOW_S) {
      throw new VenueError(
        RetCode.PARAM_ERROR,
        `params error: timeWindow must be an integer number of seconds in [${DCP_MIN_WINDOW_S}, ${DCP_MAX_WINDOW_S}], got ${JSON.stringify(p.timeWindow)}`,
      );
    }
    if (this.isRefused(apiKey)) {
      throw new VenueError(
        RetCode.PERMISSION_DENIED,
        'Permission denied: disconnect cancel all is not enabled for this account, contact your account manager',
      );
    }
    this.state(apiKey).windows.set(productRaw as DcpProduct, window);
    return {};
  }

  /** A private connection of `apiKey` subscribed to `dcp`. */
  connected(apiKey: string): void {
    const st = this.state(apiKey);
    st.live++;
    st.downSince = undefined;
  }

  /** A connection counted by `connected` closed or unsubscribed from `dcp`. */
  disconnected(apiKey: string): void {
    const st = this.keys.get(apiKey);
    if (!st || st.live === 0) return;
    st.live--;
    if (st.live === 0) st.downSince = this.wall.now();
  }

  /** The keys whose window has elapsed now; each fires once per loss of its connections. */
  due(): DcpTrigger[] {
    const now = this.wall.now();
    const out: DcpTrigger[] = [];
    for (const [apiKey, st] of this.keys) {
      if (st.live > 0 || st.downSince === undefined) continue;
      // The window is read when it elapses: a window set after the loss still applies to it.
      const windowS = st.windows.get(SIMULATED_PRODUCT);
      if (windowS === undefined || now - st.downSince < windowS * 1000) continue;
      out.push({ apiKey, windowS, downSince: st.downSince });
      st.downSince = undefined;
      st.triggers++;
    }
    return out;
  }

  view(): DcpKeyView[] {
    return [...this.keys].map(([apiKey, st]) => ({
      apiKey,
      windows: Object.fromEntries(st.windows),
      liveConnections: st.live,
      disconnectedSince: st.downSince ?? null,
      triggers: st.triggers,
    }));
  }
}
