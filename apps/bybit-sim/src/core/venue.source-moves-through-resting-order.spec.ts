import { ManualClock } from './clock.js';
import { Venue, type SimExecution, type SymbolState } from './venue.js';
import type { DepthEvent, MarketEvent, MarketSource } from '../market/events.js';

class ScriptSource implements MarketSource {
  readonly name = 'script';
  readonly symbols = ['BTCUSDT'];
  private readonly q: MarketEvent[] = [];
  push(...e: MarketEvent[]): void {
    this.q.push(...e);
  }
  peekTime(): number | undefined {
    return this.q[0]?.ts;
  }
  next(): MarketEvent | undefined {
    return this.q.shift();
  }
}

const T0 = 1_700_000_000_000;

/** A full book around `bid`/`ask` (prices in USDT), three levels a side. */
function book(ts: number, bid: number, ask: number, sizes: [number, number, number] = [1, 2, 3]): DepthEvent {
  return {
    kind: 'depth',
    ts,
    symbol: 'BTCUSDT',
    snapshot: true,
    bids: sizes.map((q, i) => [Math.round((bid - i * 0.1) * 10) / 10, q] as [number, number]),
    asks: sizes.map((q, i) => [Math.round((ask + i * 0.1) * 10) / 10, q] as [number, number]),
  };
}

function setup(opts: Partial<ConstructorParameters<typeof Venue>[0]> = {}) {
  const src = new ScriptSource();
  const clock = new ManualClock(T0);
  src.push(book(T0, 60000.0, 60000.1));
  const venue = new Venue({
    clock,
    source: src,
    impact: { model: 'none' },
    resilienceHalfLifeMs: 1_000,
    ...opts,
  });
  venue.advanceTo(T0);
  const s = venue.symbol('BTCUSDT');
  const execs: SimExecution[] = [];
  venue.addListener({ onExecution: (e) => execs.push(...e) });
  const step = (ms: number, ...events: MarketEvent[]) => {
    src.push(...events);
    clock.advance(ms);
    venue.advanceTo(clock.now());
  };
  const order = (p: Record<string, unknown>) =>
    venue.createOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderType: 'Limit',
      timeInForce: 'PostOnly',
      ...p,
    });
  const view = (orderId: string) =>
    (venue.orderHistory({ category: 'linear', orderId }).list as Array<Record<string, string>>)[0]!;
  return { venue, s, clock, step, order, view, execs };
}

/** Best bid below best ask on the served book (REST and WS both read `levels`). */
function expectUncrossed(venue: Venue, s: SymbolState): void {
  const { bids, asks } = venue.levels(s, 50);
  if (bids[0] && asks[0]) expect(bids[0][0]).toBeLessThan(asks[0][0]);
  const best = venue.bestTicks(s);
  if (best.bid !== undefined && best.ask !== undefined) expect(best.bid).toBeLessThan(best.ask);
}

describe('Venue: the source market moves through one of our resting orders', () => {
  it('fills a resting bid at its limit as maker when the source asks drop through it, and serves no crossed book', () => {
    const { venue, s, step, order, view, execs } = setup();
    const { orderId } = order({ side: 'Buy', qty: '0.5', price: '60000.0', orderLinkId: 'bid-1' });
    expect(view(orderId).orderStatus).toBe('New');

    // The outside market falls 5 ticks with no trade printed yet: its best ask is below our bid.
    step(10, book(T0 + 10, 59999.4, 59999.5));

    expect(view(orderId)).toMatchObject({ orderStatus: 'Filled', cumExecQty: '0.500', avgPrice: '60000' });
    expect(execs.map((e) => [e.orderLinkId, e.execPrice, e.execQty, e.isMaker])).toEqual([
      ['bid-1', '60000.00', '0.500', true],
    ]);
    const ledger = venue.ledger.snapshot();
    expect(ledger.fills.map((f) => [f.orderLinkId, f.execPrice, f.execQty])).toEqual([
      ['bid-1', '60000.00', '0.500'],
    ]);
    expect(ledger.violations).toEqual([]);
    // The crossing seller's remainder still rests at 59999.5; our bid is gone from the book.
    expect(venue.levels(s, 1)).toEqual({ bids: [[599994, 1]], asks: [[599995, 0.5]] });
    // The match printed a public trade: a seller hit our bid.
    expect(s.tape.at(-1)).toMatchObject({ side: 'Sell', priceTicks: 600000, qty: 0.5, ours: true });
    expectUncrossed(venue, s);
  });

  it('fills a resting ask when the source bids rise through it', () => {
    const { venue, s, step, order, view } = setup();
    const { orderId } = order({ side: 'Sell', qty: '1.2', price: '60000.1' });
    step(10, book(T0 + 10, 60000.3, 60000.4, [0.7, 2, 3]));
    // 0.7 at 60000.3 and 0.5 of the 2 at 60000.2, all at our price.
    expect(view(orderId)).toMatchObject({ orderStatus: 'Filled', cumExecQty: '1.200', avgPrice: '60000.1' });
    expect(venue.levels(s, 1).bids).toEqual([[600002, 1.5]]);
    expectUncrossed(venue, s);
  });

  it('keeps what the crossing liquidity could not fill resting at its price, uncrossed, and fills more as the taken liquidity refills', () => {
    const { venue, s, step, order, view, execs } = setup();
    const { orderId } = order({ side: 'Buy', qty: '5', price: '60000.0' });
    // Only 0.4 + 0.6 of asks are at or below our bid after the move.
    step(10, book(T0 + 10, 59999.8, 59999.9, [0.4, 0.6, 3]));
    expect(view(orderId)).toMatchObject({ orderStatus: 'PartiallyFilled', cumExecQty: '1.000' });
    expect(venue.levels(s, 1)).toEqual({ bids: [[600000, 4]], asks: [[600001, 3]] });
    expectUncrossed(venue, s);

    // Liquidity taken refills with the half-life (1 s here): new sellers at 59999.9/60000.0 trade
    // with our bid whenever the venue catches up, and the served book never shows them crossed.
    for (let i = 0; i < 20; i++) {
      step(250);
      expectUncrossed(venue, s);
    }
    const filled = Number(view(orderId).cumExecQty);
    expect(filled).toBeGreaterThan(1.5);
    expect(execs.every((e) => e.execPrice === '60000.00' && e.isMaker)).toBe(true);
    expect(venue.ledger.snapshot().violations).toEqual([]);
  });

  it('matches when the permanent impact of our own fill shifts the source through a resting order', () => {
    // Kyle lambda 1 USDT per BTC: buying 1 BTC moves the source up 10 ticks.
    const { venue, s, order, view } = setup({ impact: { model: 'kyle', lambda: 1 } });
    const ask = order({ side: 'Sell', qty: '0.3', price: '60000.5' });
    venue.createOrder({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '1' });
    // The source bids moved up 10 ticks to 60001.0, through our ask, which traded with them; net
    // flow is then 0.7 BTC bought, 7 ticks of shift.
    expect(view(ask.orderId)).toMatchObject({
      orderStatus: 'Filled',
      cumExecQty: '0.300',
      avgPrice: '60000.5',
    });
    expect(s.offsetTicks).toBe(7);
    expectUncrossed(venue, s);
  });

  it('matches through crossing trades and crossing books alike over a long random walk, never serving a crossed book', () => {
    const { venue, s, step, order, execs } = setup();
    let mid = 60000.05;
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let t = T0;
    for (let i = 0; i < 400; i++) {
      t += 50;
      if (i % 10 === 0) {
        const best = venue.bestTicks(s);
        order({ side: 'Buy', qty: '0.2', price: ((best.bid! - 1) / 10).toFixed(1) });
        order({ side: 'Sell', qty: '0.2', price: ((best.ask! + 1) / 10).toFixed(1) });
      }
      mid += (rand() - 0.5) * 0.6;
      const bid = Math.floor(mid * 10) / 10;
      step(50, book(t, bid, Math.round((bid + 0.1) * 10) / 10, [0.3 + rand(), 1, 2]));
      expectUncrossed(venue, s);
    }
    expect(execs.length).toBeGreaterThan(5);
    expect(venue.ledger.snapshot().violations).toEqual([]);
  });
});
