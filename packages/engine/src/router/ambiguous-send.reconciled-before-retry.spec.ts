import { common, execution } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { createEmbeddedSystem } from '../embedded.js';
import { PaperVenue } from '../adapters/paper-venue.js';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import { VenueAmbiguousError, type VenueOrderRequest, type VenuePort } from '../ports/index.js';

/** Wraps a venue and loses responses: `mode` says whether the order reached the venue before the loss. */
class LossyVenue implements VenuePort {
  readonly submits: VenueOrderRequest[] = [];
  readonly queries: string[] = [];
  private lost = 0;
  private readonly listeners: Array<Parameters<VenuePort['subscribe']>[0]> = [];
  private innerVenue!: PaperVenue;
  set inner(v: PaperVenue) {
    this.innerVenue = v;
    for (const l of this.listeners) v.subscribe(l);
  }
  get inner(): PaperVenue {
    return this.innerVenue;
  }
  constructor(
    private readonly mode: 'accepted-then-lost' | 'lost-before-venue',
    private readonly losses: number,
  ) {}
  instrument(symbol: string) {
    return this.inner.instrument(symbol);
  }
  subscribe(l: Parameters<VenuePort['subscribe']>[0]) {
    // The router subscribes while being built, before the inner venue exists.
    this.listeners.push(l);
  }
  cancel(symbol: string, id: string) {
    return this.inner.cancel(symbol, id);
  }
  query(symbol: string, id: string) {
    this.queries.push(id);
    return this.inner.query(symbol, id);
  }
  async submit(order: VenueOrderRequest) {
    this.submits.push(order);
    if (this.lost < this.losses) {
      this.lost++;
      if (this.mode === 'accepted-then-lost') await this.inner.submit(order);
      throw new VenueAmbiguousError('timeout: response lost');
    }
    return this.inner.submit(order);
  }
}

function system(venue: LossyVenue) {
  // The paper venue needs the system's market, so build the system first and wire the inner venue into the wrapper.
  const sys = createEmbeddedSystem({ seed: 11, overrides: { venue }, config: { sendRetryBackoffMs: 1 } });
  venue.inner = new PaperVenue((s) => sys.market.snapshot(s, 1000), DEFAULT_INSTRUMENTS, sys.clock);
  return sys;
}

const order = execution.SubmitParentOrderRequest.create({
  symbol: 'BTCUSDT',
  side: common.Side.SIDE_SELL,
  quantity: '0.6',
  horizonMs: 300_000,
  slices: 3,
});

describe('an ambiguous send', () => {
  it('is looked up by orderLinkId and adopted when the venue did accept it: no duplicate order', async () => {
    const venue = new LossyVenue('accepted-then-lost', 2);
    const sys = system(venue);
    const { parent } = await sys.router.submit(order);
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(done.filledQuantity).toBe('0.6');
    const perId = new Map<string, number>();
    for (const s of venue.submits) perId.set(s.orderLinkId, (perId.get(s.orderLinkId) ?? 0) + 1);
    // Each lost response was followed by a look-up, and the found order was never sent again.
    expect(venue.queries.length).toBeGreaterThanOrEqual(2);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const fills = await sys.store.getFills(done.parentId);
    expect(fills.reduce((s, f) => s.plus(f.quantity), new Dec(0)).toFixed()).toBe('0.6');
  });

  it('is retried under the same orderLinkId when the venue never saw it', async () => {
    const venue = new LossyVenue('lost-before-venue', 1);
    const sys = system(venue);
    const { parent } = await sys.router.submit(order);
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(done.filledQuantity).toBe('0.6');
    const first = venue.submits[0]!.orderLinkId;
    expect(venue.submits[1]!.orderLinkId).toBe(first);
    expect(venue.queries[0]).toBe(first);
  });

  it('gives up after the configured attempts and records the child as rejected, not lost', async () => {
    const venue = new LossyVenue('lost-before-venue', 1000);
    const sys = system(venue);
    const { parent } = await sys.router.submit(order);
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_FAILED');
    const rejected = sys.events.events.filter((e) => e.childRejected);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]!.childRejected!.reason).toMatch(/venue unreachable after 5 attempts/);
    const children = await sys.store.getChildren(done.parentId);
    expect(children.every((c) => execution.ChildState[c.state] === 'CHILD_STATE_REJECTED')).toBe(true);
  });
});
