import { marketdata } from '@tranche/contracts';
import type { InstrumentRules } from '@tranche/execution-core';
import type { BaselinePlanInput } from './baseline-plan.js';
import type { SliceCounters } from './parent-report.js';

/**
 * Where a running parent stands beyond what the store already holds (the order, its children and
 * fills): how its plan was made, the next slice, the pacing state. Written before each slice, so a
 * router that takes the parent over (after a crash, or from a replica that stopped) carries on from
 * there: the same plan inputs, slice indices that never repeat a child id, the same counters.
 */
export interface ExecutionCheckpoint {
  version: 1;
  planning: Omit<BaselinePlanInput, 'rules' | 'snapshot'>;
  /** The market at acceptance (protobuf, base64): the TCA's arrival and the plan's inputs. */
  arrival: string;
  /** The first slice not yet started. */
  cursor: number;
  waitUntilMs: number;
  lastChildAtMs: number | null;
  counters: SliceCounters;
  impactAdjustment: number;
  /** Paused by a halt rather than by its owner: lifting the halt resumes it. */
  pausedByHalt: boolean;
  /** POV: market volume observed since the parent started, and when it was last sampled. */
  observed?: { volume: number; atMs: number | null };
}

export function encodeCheckpoint(
  c: Omit<ExecutionCheckpoint, 'version' | 'arrival'> & {
    arrival: marketdata.IMarketSnapshot;
  },
): string {
  const arrival = Buffer.from(
    marketdata.MarketSnapshot.encode(marketdata.MarketSnapshot.create(c.arrival)).finish(),
  ).toString('base64');
  return JSON.stringify({ ...c, version: 1, arrival } satisfies ExecutionCheckpoint);
}

export function decodeCheckpoint(
  text: string,
  rules: InstrumentRules,
): { checkpoint: ExecutionCheckpoint; planning: BaselinePlanInput } {
  const checkpoint = JSON.parse(text) as ExecutionCheckpoint;
  if (checkpoint.version !== 1)
    throw new Error(`checkpoint version ${String(checkpoint.version)} is not known`);
  const snapshot = marketdata.MarketSnapshot.decode(Buffer.from(checkpoint.arrival, 'base64'));
  return { checkpoint, planning: { ...checkpoint.planning, rules, snapshot } };
}
