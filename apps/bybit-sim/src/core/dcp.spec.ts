import { ManualClock } from './clock.js';
import { DisconnectCancelAll } from './dcp.js';
import { RetCode, VenueError } from './errors.js';

function setUp(refused: boolean | string[] = false): { dcp: DisconnectCancelAll; wall: ManualClock } {
  const wall = new ManualClock(1_000_000);
  return { dcp: new DisconnectCancelAll(wall, refused), wall };
}

function thrown(fn: () => unknown): VenueError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VenueError) return e;
    throw e;
  }
  throw new Error('expected a VenueError, nothing was thrown');
}

describe(DisconnectCancelAll.name, () => {
  it('fires once the window has elapsed since the last dcp connection of the key went away', () => {
    const { dcp, wall } = setUp();
    dcp.setWindow('k', { product: 'DERIVATIVES', timeWindow: 5 });
    dcp.connected('k');
    wall.advance(60_000);
    expect(dcp.due()).toEqual([]);
    dcp.disconnected('k');
    const lostAt = wall.now();
    wall.advance(4_999);
    expect(dcp.due()).toEqual([]);
    wall.advance(1);
    expect(dcp.due()).toEqual([{ apiKey: 'k', windowS: 5, downSince: lostAt }]);
    // Once per loss: nothing more until the key connects and loses its connection again.
    wall.advance(60_000);
    expect(dcp.due()).toEqual([]);
    dcp.connected('k');
    dcp.disconnected('k');
    wall.advance(5_000);
    expect(dcp.due().map((t) => t.apiKey)).toEqual(['k']);
  });

  it('does not fire when a dcp connection comes back within the window, and times the next loss afresh', () => {
    const { dcp, wall } = setUp();
    dcp.setWindow('k', { product: 'DERIVATIVES', timeWindow: 5 });
    dcp.connected('k');
    dcp.disconnected('k');
    wall.advance(4_000);
    dcp.connected('k');
    wall.advance(10_000);
    expect(dcp.due()).toEqual([]);
    dcp.disconnected('k');
    wall.advance(4_000);
    expect(dcp.due()).toEqual([]);
    wall.advance(1_000);
    expect(dcp.due()).toHaveLength(1);
  });

  it('starts the timer only when the last of two connections of a key is gone', () => {
    const { dcp, wall } = setUp();
    dcp.setWindow('k', { product: 'DERIVATIVES', timeWindow: 3 });
    dcp.connected('k');
    dcp.connected('k');
    dcp.disconnected('k');
    wall.advance(10_000);
    expect(dcp.due()).toEqual([]);
    dcp.disconnected('k');
    wall.advance(3_000);
    expect(dcp.due()).toHaveLength(1);
  });

  it('keeps keys apart: one key losing its connection does not touch another', () => {
    const { dcp, wall } = setUp();
    dcp.setWindow('a', { product: 'DERIVATIVES', timeWindow: 3 });
    dcp.setWindow('b', { product: 'DERIVATIVES', timeWindow: 3 });
    dcp.connected('a');
    dcp.connected('b');
    dcp.disconnected('a');
    wall.advance(3_000);
    expect(dcp.due().map((t) => t.apiKey)).toEqual(['a']);
  });

  it('never fires without a DERIVATIVES window or without a dcp connection having been seen', () => {
    const { dcp, wall } = setUp();
    dcp.setWindow('options-only', { timeWindow: 3 });
    dcp.connected('options-only');
    dcp.disconnected('options-only');
    dcp.setWindow('never-connected', { product: 'DERIVATIVES', timeWindow: 3 });
    dcp.disconnected('never-connected');
    wall.advance(600_000);
    expect(dcp.due()).toEqual([]);
    expect(dcp.view().find((v) => v.apiKey === 'options-only')?.windows).toEqual({ OPTIONS: 3 });
  });

  it.each([
    [{ product: 'DERIVATIVES' }, /timeWindow is required/],
    [{ product: 'DERIVATIVES', timeWindow: 2 }, /\[3, 300\], got 2/],
    [{ product: 'DERIVATIVES', timeWindow: 301 }, /\[3, 300\], got 301/],
    [{ product: 'DERIVATIVES', timeWindow: 10.5 }, /integer/],
    [{ product: 'DERIVATIVES', timeWindow: 'ten' }, /integer/],
    [{ product: 'FUTURES', timeWindow: 10 }, /product must be one of OPTIONS, DERIVATIVES, SPOT/],
  ])('rejects %j with retCode 10001', (params, message) => {
    const { dcp } = setUp();
    const err = thrown(() => dcp.setWindow('k', params));
    expect(err.retCode).toBe(RetCode.PARAM_ERROR);
    expect(err.retMsg).toMatch(message);
    expect(dcp.view()).toEqual([]);
  });

  it('accepts the window bounds and a window given as a digit string', () => {
    const { dcp } = setUp();
    dcp.setWindow('k', { product: 'DERIVATIVES', timeWindow: 3 });
    dcp.setWindow('k', { product: 'SPOT', timeWindow: 300 });
    dcp.setWindow('k', { product: 'OPTIONS', timeWindow: '42' });
    expect(dcp.view()[0]!.windows).toEqual({ DERIVATIVES: 3, SPOT: 300, OPTIONS: 42 });
  });

  it('refuses the keys it is told to with retCode 10005, after validating the request', () => {
    const { dcp, wall } = setUp(['refused']);
    const err = thrown(() => dcp.setWindow('refused', { product: 'DERIVATIVES', timeWindow: 10 }));
    expect(err.retCode).toBe(RetCode.PERMISSION_DENIED);
    expect(err.retMsg).toMatch(/not enabled for this account/);
    expect(thrown(() => dcp.setWindow('refused', { timeWindow: 1 })).retCode).toBe(RetCode.PARAM_ERROR);
    dcp.setWindow('allowed', { product: 'DERIVATIVES', timeWindow: 10 });
    dcp.connected('refused');
    dcp.disconnected('refused');
    wall.advance(600_000);
    expect(dcp.due()).toEqual([]);
    expect(setUp(true).dcp.isRefused('anyone')).toBe(true);
  });
});
