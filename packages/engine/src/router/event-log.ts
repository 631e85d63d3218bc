import { execution } from '@tranche/contracts';
import { randomUUID } from 'node:crypto';
import type { ExecutionDeps, EventBody } from './execution-deps.js';

/**
 * One parent's event trail: every event gets the next per-parent sequence number and is published
 * in order, each awaited before the next, so a consumer never sees a gap or a reordering.
 */
export class EventLog {
  private chain: Promise<void> = Promise.resolve();
  private lastEventId = '';

  constructor(
    private readonly deps: Pick<ExecutionDeps, 'clock' | 'store' | 'events' | 'logger'>,
    private readonly parentId: string,
  ) {}

  /** Publish an event in order; returns its id at once so it can be the cause of the next one. */
  emit(body: EventBody, causationId = this.lastEventId): string {
    const eventId = randomUUID();
    const now = this.deps.clock.now();
    this.lastEventId = eventId;
    // Freeze the payload now: it references live objects (the child, the parent) that keep changing.
    const frozen = execution.ExecutionEvent.decode(
      execution.ExecutionEvent.encode(execution.ExecutionEvent.create(body)).finish(),
    );
    this.chain = this.chain.then(async () => {
      let sequence: number;
      try {
        sequence = await this.deps.store.nextEventSequence(this.parentId);
      } catch (err) {
        // Without a sequence the event cannot be published in order; the trail resumes with the next.
        this.deps.logger.error('execution event not published: no sequence number', {
          parentId: this.parentId,
          error: (err as Error).message,
        });
        return;
      }
      const evt = execution.ExecutionEvent.create({
        ...frozen,
        eventId,
        correlationId: this.parentId,
        causationId,
        tsEvent: now,
        tsInit: this.deps.clock.now(),
        sequence,
      });
      try {
        await this.deps.events.publish(evt);
      } catch (err) {
        // The store is the record; a lost event is logged loudly but must not stop trading.
        this.deps.logger.error('execution event not published', {
          parentId: this.parentId,
          sequence,
          error: (err as Error).message,
        });
      }
    });
    return eventId;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
