import { Redis } from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { EXECUTION_EVENTS_STREAM, eventTypes, execution, executionEventSubject } from '@tranche/contracts';
import { startNatsServer, startRedisServer, type ManagedServer } from '@tranche/testing';
import { decodeMessage } from '@tranche/transport';
import {
  ensureExecutionEventStream,
  JetStreamEventSink,
  RedisOrderStore,
  RedisRateCounter,
  RedisVerdictAudit,
} from '../src/index.js';

describe('Redis and JetStream adapters against real servers', () => {
  let redisServer: ManagedServer;
  let natsServer: ManagedServer;
  let redis: Redis;
  let nc: NatsConnection;

  beforeAll(async () => {
    [redisServer, natsServer] = await Promise.all([startRedisServer(), startNatsServer()]);
    redis = new Redis(redisServer.url);
    nc = await connect({ servers: natsServer.url });
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await nc?.close();
    await redisServer?.dispose();
    await natsServer?.dispose();
  });

  it('stores parents idempotently by client order id and records each fill once', async () => {
    const store = new RedisOrderStore(redis, 't1');
    const p = execution.ParentOrder.create({
      parentId: 'p1',
      clientOrderId: 'desk-1',
      symbol: 'BTCUSDT',
      quantity: '1',
    });
    expect((await store.createParent(p)).created).toBe(true);
    const again = await store.createParent(
      execution.ParentOrder.create({
        parentId: 'p2',
        clientOrderId: 'desk-1',
        symbol: 'BTCUSDT',
        quantity: '1',
      }),
    );
    expect(again).toMatchObject({ created: false });
    expect(again.parent.parentId).toBe('p1');

    const fill = execution.Fill.create({
      execId: 'e1',
      childId: 'p1-0-0',
      parentId: 'p1',
      price: '96000.1',
      quantity: '0.5',
      tsEvent: 1,
    });
    expect(await store.addFill(fill)).toBe(true);
    expect(await store.addFill(fill)).toBe(false);
    expect((await store.getFills('p1')).map((f) => f.price)).toEqual(['96000.1']);

    await store.saveChild(execution.ChildOrder.create({ childId: 'p1-1-0', parentId: 'p1', sliceIndex: 1 }));
    await store.saveChild(execution.ChildOrder.create({ childId: 'p1-0-0', parentId: 'p1', sliceIndex: 0 }));
    expect((await store.getChildren('p1')).map((c) => c.childId)).toEqual(['p1-0-0', 'p1-1-0']);
    expect([await store.nextEventSequence('p1'), await store.nextEventSequence('p1')]).toEqual([1, 2]);
  });

  it('never lets concurrent acquirers exceed the orders-per-minute limit', async () => {
    const counter = new RedisRateCounter(redis, 't3');
    const now = 1_000_000;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => counter.tryAcquire('orders:BTCUSDT', now, 60_000, 10, `c${i}`)),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await counter.count('orders:BTCUSDT', now, 60_000)).toBe(10);
    // The window slides: a minute later the budget is back.
    expect(await counter.tryAcquire('orders:BTCUSDT', now + 60_001, 60_000, 10, 'later')).toBe(true);
  });

  it('keeps an audit record of each verdict', async () => {
    const audit = new RedisVerdictAudit(redis, 't4:audit');
    await audit.record({ parentId: 'p1', childId: 'p1-0-0', symbol: 'BTCUSDT', quantity: '1' }, {
      verdictId: 'v1',
      decision: 2,
      quantity: '0.5',
      reasons: [{ code: 'MAX_ORDER_NOTIONAL', message: 'over' }],
      tradingState: 3,
      pauseParent: true,
      bookWalkCostBps: 4.5,
      evaluatedBy: 'risk-service',
    } as never);
    const [row] = await audit.recent(1);
    expect(row).toMatchObject({
      verdict_id: 'v1',
      decision: 'RISK_DECISION_CLAMP',
      allowed_qty: '0.5',
      child_id: 'p1-0-0',
      trading_state: 'TRADING_STATE_HALTED',
      pause_parent: '1',
      book_walk_cost_bps: '4.5',
      evaluated_by: 'risk-service',
    });
  });

  it('publishes execution events to JetStream once per event id', async () => {
    await ensureExecutionEventStream(nc);
    await ensureExecutionEventStream(nc); // idempotent
    const sink = new JetStreamEventSink(nc);
    const evt = execution.ExecutionEvent.create({
      eventId: 'ev-1',
      correlationId: 'p7',
      sequence: 1,
      parentAccepted: { parent: { parentId: 'p7' } },
    });
    await sink.publish(evt);
    await sink.publish(evt); // a re-publish after a lost ack is de-duplicated by message id
    const consumer = await jetstream(nc).consumers.get(EXECUTION_EVENTS_STREAM, {
      filter_subjects: executionEventSubject('p7'),
    });
    const got: execution.ExecutionEvent[] = [];
    const batch = await consumer.fetch({ max_messages: 10, expires: 1000 });
    for await (const m of batch)
      got.push(decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject));
    expect(got.map((e) => e.eventId)).toEqual(['ev-1']);
  });
});
