import {
  execution,
  protoTypeByName,
  rpcTypes,
  Subjects,
  typeName,
  executionEventSubject,
  sideFromWire,
  sideToWire,
  parentStateFromWire,
  parentStateToWire,
  type ProtoType,
} from './index.js';

describe('contract registry', () => {
  it('has a request and reply type for every request subject', () => {
    for (const subject of Object.values(Subjects)) {
      const t = rpcTypes[subject];
      expect(typeName(t.request as ProtoType<unknown>)).toMatch(/^tranche\.[a-z]+\.v1\.[A-Za-z]+$/);
      expect(protoTypeByName(typeName(t.reply as ProtoType<unknown>))).toBe(t.reply);
    }
  });

  it('decodes int64 timestamps as plain numbers, not Long objects', () => {
    const e = execution.ExecutionEvent.create({ eventId: 'e1', tsEvent: 1_767_614_400_123, sequence: 42 });
    const back = execution.ExecutionEvent.decode(execution.ExecutionEvent.encode(e).finish());
    expect(typeof back.tsEvent).toBe('number');
    expect(back.tsEvent).toBe(1_767_614_400_123);
    expect(back.sequence).toBe(42);
  });

  it('keeps prices and quantities as exact decimal strings', () => {
    const f = execution.Fill.create({ execId: 'x', price: '96000.10', quantity: '0.001' });
    const back = execution.Fill.decode(execution.Fill.encode(f).finish());
    expect(back.price).toBe('96000.10');
    expect(back.quantity).toBe('0.001');
  });

  it('maps sides and states both ways and refuses the unspecified side', () => {
    expect(sideFromWire(sideToWire('SELL'))).toBe('SELL');
    expect(sideFromWire(0)).toBeUndefined();
    expect(parentStateFromWire(parentStateToWire('EXECUTING'))).toBe('EXECUTING');
  });

  it('builds per-parent event subjects under the stream wildcard', () => {
    expect(executionEventSubject('p123')).toBe('exec.v1.evt.p123');
  });
});
