/**
 * The plainest possible Bybit book: one Map per side, keyed by the price string, sorted only when
 * read. Deliberately shares no code with L2Book so that comparing the two means something.
 */
export class ReferenceBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  u = 0;

  apply(msg: {
    type: string;
    data: { b: readonly (readonly [string, string])[]; a: readonly (readonly [string, string])[]; u: number };
  }): void {
    if (msg.type === 'snapshot' || msg.data.u === 1) {
      this.bids = new Map();
      this.asks = new Map();
    }
    for (const [p, s] of msg.data.b) {
      if (Number(s) === 0) this.bids.delete(p);
      else this.bids.set(p, s);
    }
    for (const [p, s] of msg.data.a) {
      if (Number(s) === 0) this.asks.delete(p);
      else this.asks.set(p, s);
    }
    this.u = msg.data.u;
  }

  toLevels(): { bids: [string, string][]; asks: [string, string][] } {
    const bids = [...this.bids.entries()].sort((x, y) => Number(y[0]) - Number(x[0]));
    const asks = [...this.asks.entries()].sort((x, y) => Number(x[0]) - Number(y[0]));
    return { bids, asks };
  }
}
