import { ManualClock, MarketClock } from './clock.js';
import { SimConfigError } from './errors.js';
import { FaultInjector } from './faults.js';
import { IpLimiter, RollingLimiter } from './rate-limit.js';

describe(MarketClock.name, () => {
  it('runs virtual time at `speed` times the wall clock from where it stood', () => {
    const wall = new ManualClock(1_000);
    const c = new MarketClock(1_723_161_255_000, wall);
    c.set(1_723_161_256_000);
    c.runScaled(10);
    wall.advance(500);
    expect(c.now()).toBe(1_723_161_261_000);
    expect(() => c.set(0)).toThrow(/scaled/);
  });

  it('never moves a manual clock backwards', () => {
    const c = new MarketClock(100, new ManualClock(0));
    c.set(50);
    expect(c.now()).toBe(100);
  });
});

describe(RollingLimiter.name, () => {
  it('allows `limit` requests per rolling window and reports when the oldest leaves it', () => {
    const clock = new ManualClock(10_000);
    const l = new RollingLimiter(clock, 1_000);
    expect(l.take('uid:/v5/order/create', 2)).toMatchObject({ allowed: true, remaining: 1 });
    clock.advance(400);
    expect(l.take('uid:/v5/order/create', 2)).toMatchObject({ allowed: true, remaining: 0, resetAt: 11_000 });
    expect(l.take('uid:/v5/order/create', 2)).toMatchObject({
      allowed: false,
      remaining: 0,
      resetAt: 11_000,
    });
    // Buckets are per key: another endpoint is unaffected.
    expect(l.take('uid:/v5/order/cancel', 2).allowed).toBe(true);
    clock.advance(601);
    expect(l.take('uid:/v5/order/create', 2)).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe(IpLimiter.name, () => {
  it('bans an IP that goes over its limit until the ban expires', () => {
    const clock = new ManualClock(0);
    const ip = new IpLimiter(clock, 2, 5_000, 60_000);
    expect([ip.allow('a'), ip.allow('a'), ip.allow('a')]).toEqual([true, true, false]);
    clock.advance(10_000);
    expect(ip.allow('a')).toBe(false);
    expect(ip.allow('b')).toBe(true);
    clock.advance(50_001);
    expect(ip.allow('a')).toBe(true);
  });
});

describe(FaultInjector.name, () => {
  it('fires a counted rule exactly `count` times, only on its paths', () => {
    const f = new FaultInjector(1, { http5xx: { count: 2, paths: ['/v5/order/create'] } });
    expect(f.fire('http5xx', '/v5/order/cancel')).toBe(false);
    expect([1, 2, 3].map(() => f.fire('http5xx', '/v5/order/create'))).toEqual([true, true, false]);
    expect(f.fired.http5xx).toBe(2);
  });

  it('fires a rate rule reproducibly from its seed', () => {
    const run = () => {
      const f = new FaultInjector(42, { deltaDrop: { rate: 0.3 } });
      return Array.from({ length: 1000 }, () => f.fire('deltaDrop')).filter(Boolean).length;
    };
    const n = run();
    expect(n).toBe(run());
    expect(n).toBeGreaterThan(240);
    expect(n).toBeLessThan(360);
  });

  it('rejects unknown faults and bad rates with a readable message', () => {
    const f = new FaultInjector();
    expect(() => f.update({ nope: {} } as never)).toThrow(SimConfigError);
    expect(() => f.update({ http5xx: { rate: 2 } })).toThrow(/within \[0, 1\]/);
  });

  it('hands out a requested IP ban once', () => {
    const f = new FaultInjector(1, { ipBanMs: 1000 });
    expect(f.takeIpBan()).toBe(1000);
    expect(f.takeIpBan()).toBeUndefined();
  });
});
