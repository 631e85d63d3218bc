import type { execution } from '@tranche/contracts';
import type { EventSink } from '../ports/index.js';

export class MemoryEventSink implements EventSink {
  readonly events: execution.ExecutionEvent[] = [];
  private readonly listeners: Array<(e: execution.ExecutionEvent) => void> = [];

  async publish(event: execution.ExecutionEvent): Promise<void> {
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  onEvent(listener: (e: execution.ExecutionEvent) => void): void {
    this.listeners.push(listener);
  }
}
