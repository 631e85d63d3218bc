import { common, execution } from '@tranche/contracts';
import { IllegalTransitionError } from '@tranche/execution-core';
import { createEmbeddedSystem } from '../embedded.js';
import { SilentLogger } from '../adapters/console-logger.js';
import { MemoryOrderStore } from '../adapters/memory-store.js';
import { VirtualClock } from '../adapters/clocks.js';
import { ParentRecord } from './parent-record.js';
import { parentState, setParentState } from './wire.js';

function record(state: 'ACTIVE' | 'COMPLETE') {
  const store = new MemoryOrderStore();
  const order = execution.ParentOrder.create({
    parentId: 'pabc',
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '1',
  });
  setParentState(order, state);
  return { store, rec: new ParentRecord({ clock: new VirtualClock(0), store }, order) };
}

describe('ParentRecord', () => {
  it('refuses a transition the table does not allow, leaving the state and the store untouched', async () => {
    const { rec, store } = record('ACTIVE');
    await expect(rec.move('COMPLETE', 'nothing was filled')).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(rec.state).toBe('ACTIVE');
    expect(await store.getParent('pabc')).toBeUndefined();
  });

  it('never leaves a terminal state', async () => {
    const { rec } = record('COMPLETE');
    await expect(rec.move('EXECUTING', 'another child')).rejects.toThrow(/COMPLETE.*EXECUTING/);
  });

  it('counts a late fill that reaches a parent back between children', async () => {
    const { rec } = record('ACTIVE');
    rec.addFill('100', '0.5');
    await rec.move('FILLED', 'late fill after a cancel');
    expect(parentState(rec.order)).toBe('FILLED');
    expect(rec.order.averagePrice).toBe('100');
  });
});

describe('a fault inside a running parent', () => {
  it('halts that parent with the reason, an error log and a ParentFailed event, never silently', async () => {
    const logger = new SilentLogger();
    const sys = createEmbeddedSystem({ seed: 8, logger });
    const saveChild = sys.store.saveChild.bind(sys.store);
    let calls = 0;
    sys.store.saveChild = async (c) => {
      if (++calls === 2) throw new Error('order store unavailable');
      return saveChild(c);
    };
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.3',
        horizonMs: 180_000,
        slices: 3,
      }),
    );
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_FAILED');
    expect(done.stateReason).toBe('internal error: order store unavailable');
    const failed = sys.events.events.find((e) => e.parentFailed);
    expect(failed!.parentFailed!.reason).toBe('internal error: order store unavailable');
    expect(logger.lines.some((l) => l.level === 'error' && l.message === 'parent order halted')).toBe(true);
  });
});
