import { ManualClock } from './clock.js';
import { VenueError } from './errors.js';
import { Venue } from './venue.js';
import type { MarketEvent, MarketSource } from '../market/events.js';

/** A scripted source: the test pushes events and the venue pulls them by time. */
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

function setup(opts: Partial<ConstructorParameters<typeof Venue>[0]> = {}) {
  const src = new ScriptSource();
  const clock = new ManualClock(T0);
  src.push({
    kind: 'depth',
    ts: T0,
    symbol: 'BTCUSDT',
    snapshot: true,
    bids: [
      [60000.0, 1],
      [59999.9, 2],
      [59999.8, 3],
    ],
    asks: [
      [60000.1, 1],
      [60000.2, 2],
      [60000.3, 3],
    ],
  });
  const venue = new Venue({
    clock,
    source: src,
    impact: { model: 'none' },
    resilienceHalfLifeMs: 1_000,
    ...opts,
  });
  venue.advanceTo(T0);
  const s = venue.symbol('BTCUSDT');
  const step = (ms: number, ...events: MarketEvent[]) => {
    src.push(...events);
    clock.advance(ms);
    venue.advanceTo(clock.now());
  };
  const order = (p: Record<string, unknown>) =>
    venue.createOrder({ category: 'linear', symbol: 'BTCUSDT', ...p });
  const view = (orderId: string) =>
    venue.orderHistory({ category: 'linear', orderId }).list as Array<Record<string, string>>;
  return { venue, s, clock, step, order, view };
}

describe(Venue.name, () => {
  it('walks the book for a market order and fills at each level (temporary impact)', () => {
    const { venue, order, view, s } = setup();
    const { orderId } = order({ side: 'Buy', orderType: 'Market', qty: '2.5' });
    const v = view(orderId)[0]!;
    expect(v.orderStatus).toBe('Filled');
    // 1 @ 60000.1 + 1.5 @ 60000.2
    expect(v.cumExecValue).toBe('150000.4');
    expect(Number(v.avgPrice)).toBeCloseTo(150000.4 / 2.5, 8);
    // The taken liquidity is gone from the served book, then refills with the half-life.
    expect(venue.levels(s, 2).asks).toEqual([
      [600002, 0.5],
      [600003, 3],
    ]);
  });

  it('refills consumed liquidity with the resilience half-life', () => {
    const { venue, order, s, step } = setup();
    order({ side: 'Buy', orderType: 'Market', qty: '1' });
    expect(venue.levels(s, 1).asks[0]).toEqual([600002, 2]);
    step(1_000);
    const l = venue.levels(s, 1).asks[0]!;
    expect(l[0]).toBe(600001);
    expect(l[1]).toBeCloseTo(0.5, 9);
  });

  it('cancels a PostOnly order that would take liquidity', () => {
    const { order, view } = setup();
    const { orderId } = order({
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.1',
      price: '60000.1',
      timeInForce: 'PostOnly',
    });
    expect(view(orderId)[0]).toMatchObject({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_PostOnlyWillTakeLiquidity',
      cumExecQty: '0.000',
    });
  });

  it('kills a FOK order that cannot fill completely, and fills IOC partially', () => {
    const { order, view } = setup();
    const fok = order({ side: 'Buy', orderType: 'Limit', qty: '2', price: '60000.1', timeInForce: 'FOK' });
    expect(view(fok.orderId)[0]).toMatchObject({ orderStatus: 'Cancelled', cumExecQty: '0.000' });
    const ioc = order({ side: 'Buy', orderType: 'Limit', qty: '2', price: '60000.1', timeInForce: 'IOC' });
    expect(view(ioc.orderId)[0]).toMatchObject({
      orderStatus: 'Cancelled',
      cumExecQty: '1.000',
      leavesQty: '0.000',
    });
  });

  it('fills a resting bid only after the queue ahead of it has traded', () => {
    const { venue, order, view, step } = setup();
    const { orderId } = order({ side: 'Buy', orderType: 'Limit', qty: '0.5', price: '60000.0' });
    // 1 BTC was ahead of us at 60000.0.
    step(10, { kind: 'trade', ts: T0 + 10, symbol: 'BTCUSDT', price: 60000.0, qty: 0.6, side: 'Sell' });
    expect(view(orderId)[0]!.cumExecQty).toBe('0.000');
    // A buy-aggressor trade never fills a bid.
    step(10, { kind: 'trade', ts: T0 + 20, symbol: 'BTCUSDT', price: 60000.1, qty: 5, side: 'Buy' });
    expect(view(orderId)[0]!.cumExecQty).toBe('0.000');
    step(10, { kind: 'trade', ts: T0 + 30, symbol: 'BTCUSDT', price: 60000.0, qty: 0.7, side: 'Sell' });
    // 0.4 of the queue left, then 0.3 for us.
    expect(view(orderId)[0]).toMatchObject({ cumExecQty: '0.300', orderStatus: 'PartiallyFilled' });
    // A trade through our price fills the rest without a queue.
    step(10, { kind: 'trade', ts: T0 + 40, symbol: 'BTCUSDT', price: 59999.9, qty: 1, side: 'Sell' });
    expect(view(orderId)[0]).toMatchObject({ cumExecQty: '0.500', orderStatus: 'Filled' });
    const fills = venue.executionList({ category: 'linear', orderId }).list as Array<Record<string, unknown>>;
    expect(fills.map((f) => f.execQty)).toEqual(['0.200', '0.300']);
  });

  it('shrinks the queue when the level is cancelled down, never grows it', () => {
    const { order, view, step } = setup();
    const { orderId } = order({ side: 'Buy', orderType: 'Limit', qty: '0.5', price: '60000.0' });
    step(10, {
      kind: 'depth',
      ts: T0 + 10,
      symbol: 'BTCUSDT',
      snapshot: false,
      bids: [[60000.0, 0.2]],
      asks: [],
    });
    step(10, {
      kind: 'depth',
      ts: T0 + 20,
      symbol: 'BTCUSDT',
      snapshot: false,
      bids: [[60000.0, 5]],
      asks: [],
    });
    step(10, { kind: 'trade', ts: T0 + 30, symbol: 'BTCUSDT', price: 60000.0, qty: 0.3, side: 'Sell' });
    expect(view(orderId)[0]!.cumExecQty).toBe('0.100');
  });

  it('overlays our resting orders on the served book, merged at existing levels', () => {
    const { venue, order, s } = setup();
    order({ side: 'Buy', orderType: 'Limit', qty: '0.5', price: '60000.0' });
    const inside = order({
      side: 'Sell',
      orderType: 'Limit',
      qty: '0.2',
      price: '60000.1',
      timeInForce: 'PostOnly',
    });
    expect(venue.orderHistory({ category: 'linear', orderId: inside.orderId }).list).toHaveLength(1);
    order({ side: 'Buy', orderType: 'Limit', qty: '0.3', price: '59999.5' });
    const lv = venue.levels(s, 4);
    expect(lv.bids).toEqual([
      [600000, 1.5],
      [599999, 2],
      [599998, 3],
      [599995, 0.3],
    ]);
    expect(lv.asks[0]).toEqual([600001, 1.2]);
    // A taker order never trades with our own resting liquidity.
    const mkt = order({ side: 'Sell', orderType: 'Market', qty: '1' });
    const fills = venue.executionList({ category: 'linear', orderId: mkt.orderId }).list as Array<
      Record<string, string>
    >;
    expect(fills.map((f) => [f.execPrice, f.execQty])).toEqual([['60000.00', '1.000']]);
  });

  it('fills an order that opened a new price level on the first trade there (empty queue)', () => {
    const { order, view, step } = setup();
    const { orderId } = order({ side: 'Sell', orderType: 'Limit', qty: '0.1', price: '60000.5' });
    step(10, { kind: 'trade', ts: T0 + 10, symbol: 'BTCUSDT', price: 60000.5, qty: 0.04, side: 'Buy' });
    expect(view(orderId)[0]).toMatchObject({ cumExecQty: '0.040', orderStatus: 'PartiallyFilled' });
  });

  it('charges maker and taker fees in execFee', () => {
    const { venue, order, step } = setup({ fees: { maker: 0.0001, taker: 0.0005 } });
    order({ side: 'Sell', orderType: 'Market', qty: '1', orderLinkId: 'tk' });
    order({ side: 'Buy', orderType: 'Limit', qty: '0.1', price: '59999.8', orderLinkId: 'mk' });
    step(10, { kind: 'trade', ts: T0 + 10, symbol: 'BTCUSDT', price: 59999.7, qty: 1, side: 'Sell' });
    const list = venue.executionList({ category: 'linear' }).list as Array<Record<string, unknown>>;
    const taker = list.find((e) => e.orderLinkId === 'tk')!;
    const maker = list.find((e) => e.orderLinkId === 'mk')!;
    expect(taker).toMatchObject({ isMaker: false, execFee: '30', feeRate: '0.0005' });
    expect(maker).toMatchObject({ isMaker: true, execPrice: '59999.80', execFee: '0.599998' });
  });

  it('loses queue priority when the price is amended, keeps it when qty is reduced', () => {
    const { venue, order, s } = setup();
    const a = order({ side: 'Buy', orderType: 'Limit', qty: '0.5', price: '59999.0' });
    const b = order({ side: 'Buy', orderType: 'Limit', qty: '0.5', price: '59999.0' });
    venue.amendOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: a.orderId, qty: '0.4' });
    expect(s.restingBids.map((o) => o.orderId)).toEqual([a.orderId, b.orderId]);
    venue.amendOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: a.orderId, price: '59999.5' });
    venue.amendOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: a.orderId, price: '59999.0' });
    expect(s.restingBids.map((o) => o.orderId)).toEqual([b.orderId, a.orderId]);
    expect(() =>
      venue.amendOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: a.orderId, price: '59999.0' }),
    ).toThrow(VenueError);
  });

  it('shifts the reference price by Kyle lambda * Q for our flow, whatever the slicing', () => {
    const lambda = 0.5; // USDT per BTC
    const { venue, order, s } = setup({ impact: { model: 'kyle', lambda } });
    order({ side: 'Buy', orderType: 'Market', qty: '0.5' });
    order({ side: 'Buy', orderType: 'Market', qty: '1.5' });
    expect(s.offsetTicks).toBe(Math.round((lambda * 2) / 0.1));
    expect(venue.levels(s, 1).bids[0]![0]).toBe(600000 + 10);
  });

  it('rejects duplicate orderLinkIds, zero quantities and small notionals with Bybit codes', () => {
    const { order } = setup();
    order({ side: 'Buy', orderType: 'Limit', qty: '0.001', price: '59000.0', orderLinkId: 'x' });
    const code = (p: Record<string, unknown>) => {
      try {
        order(p);
      } catch (e) {
        return (e as VenueError).retCode;
      }
      return 0;
    };
    expect(code({ side: 'Buy', orderType: 'Limit', qty: '0.001', price: '59000.0', orderLinkId: 'x' })).toBe(
      110072,
    );
    expect(code({ side: 'Buy', orderType: 'Limit', qty: '0.0009', price: '59000.0' })).toBe(110017);
    expect(code({ side: 'Buy', orderType: 'Limit', qty: '0.001', price: '100.0' })).toBe(110094);
    expect(code({ side: 'Buy', orderType: 'Market', qty: '501' })).toBe(10001);
    expect(code({ side: 'Buy', orderType: 'Limit', qty: '0.001', price: '59000.0', positionIdx: 1 })).toBe(
      10001,
    );
    expect(code({ side: 'Buy', orderType: 'Limit', qty: '0.001', price: '59000.0', reduceOnly: true })).toBe(
      110017,
    );
  });

  it('keeps a ledger with no duplicates or overfills across many random orders', () => {
    const { venue, order, step } = setup();
    let t = T0;
    for (let i = 0; i < 300; i++) {
      t += 10;
      const side = i % 2 ? 'Buy' : 'Sell';
      try {
        if (i % 3 === 0) order({ side, orderType: 'Market', qty: '0.05' });
        else order({ side, orderType: 'Limit', qty: '0.05', price: side === 'Buy' ? '60000.0' : '60000.1' });
      } catch {
        // rejections are fine here
      }
      step(10, {
        kind: 'trade',
        ts: t,
        symbol: 'BTCUSDT',
        price: i % 2 ? 60000.0 : 60000.1,
        qty: 0.07,
        side: i % 2 ? 'Sell' : 'Buy',
      });
    }
    const snap = venue.ledger.snapshot();
    expect(snap.fills.length).toBeGreaterThan(50);
    expect(snap.violations).toEqual([]);
  });
});
