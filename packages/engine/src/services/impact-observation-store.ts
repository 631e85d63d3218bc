import type { ImpactObservation } from '@tranche/execution-core';

// Adapters of the store implement it without depending on the domain package themselves.
export type { ImpactObservation };

/**
 * Where a symbol's impact observations are kept, so that every impact replica, and the next process
 * after a restart, calibrates from the same record.
 */
export interface ImpactObservationStore {
  /**
   * Keeps the observation unless one of the same child is already kept (a redelivery); returns the
   * symbol's new version, or null for a duplicate.
   */
  append(observation: ImpactObservation): Promise<number | null>;
  /** The symbol's newest `limit` observations, oldest first. */
  load(symbol: string, limit: number): Promise<ImpactObservation[]>;
  /** Each symbol's version; it changes whenever the symbol's observations do. */
  versions(): Promise<Record<string, number>>;
}

/** In-memory store with the same contract, for tests and the embedded mode. */
export class MemoryImpactObservationStore implements ImpactObservationStore {
  private readonly lists = new Map<string, ImpactObservation[]>();
  private readonly seen = new Map<string, string[]>();
  private readonly version = new Map<string, number>();

  /**
   * @param capacity observations kept per symbol (the oldest go first)
   * @param seenCapacity child ids remembered per symbol to refuse redeliveries; larger than the
   *   capacity so a late redelivery is still recognised after its observation has aged out
   */
  constructor(
    readonly capacity = 1000,
    readonly seenCapacity = capacity * 10,
  ) {}

  async append(observation: ImpactObservation): Promise<number | null> {
    const symbol = observation.symbol;
    const seen = this.seen.get(symbol) ?? [];
    if (seen.includes(observation.childId)) return null;
    seen.push(observation.childId);
    if (seen.length > this.seenCapacity) seen.splice(0, seen.length - this.seenCapacity);
    this.seen.set(symbol, seen);
    const list = this.lists.get(symbol) ?? [];
    list.push({ ...observation });
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
    this.lists.set(symbol, list);
    const v = (this.version.get(symbol) ?? 0) + 1;
    this.version.set(symbol, v);
    return v;
  }

  async load(symbol: string, limit: number): Promise<ImpactObservation[]> {
    return (this.lists.get(symbol) ?? []).slice(-limit).map((o) => ({ ...o }));
  }

  async versions(): Promise<Record<string, number>> {
    return Object.fromEntries(this.version);
  }
}
