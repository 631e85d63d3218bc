import type { impact } from '@tranche/contracts';
import {
  calibrateFromObservations,
  modelWeights,
  observationProblem,
  type ImpactObservation,
  type SymbolImpactCalibration,
} from '@tranche/execution-core';
import {
  DEFAULT_CALIBRATED_IMPACT_OPTIONS,
  estimateCalibratedImpact,
  type CalibratedImpactOptions,
} from './impact-model.js';
import type { ImpactObservationStore } from './impact-observation-store.js';

export interface ImpactCalibrationOptions extends CalibratedImpactOptions {
  /** Observations per symbol the calibration rests on (the newest). */
  windowSize: number;
}

export const DEFAULT_IMPACT_CALIBRATION_OPTIONS: ImpactCalibrationOptions = {
  ...DEFAULT_CALIBRATED_IMPACT_OPTIONS,
  windowSize: 200,
};

export type ObserveOutcome =
  { status: 'recorded'; version: number } | { status: 'duplicate' } | { status: 'refused'; reason: string };

interface ModelRecord {
  n: number;
  maeBps: number;
  biasBps: number;
  scale: number;
  calibratedMaeBps: number;
}

export interface SymbolCalibrationSummary {
  version: number;
  observations: number;
  refused: number;
  /** Each model's record and its part in the blend. */
  models: Record<string, ModelRecord & { weight: number }>;
  /** What was actually served, by the model that served it (the forecast error on record). */
  served: Record<string, ModelRecord>;
}

/**
 * The impact service's state: each symbol's calibration, rebuilt from the observation store whenever
 * the store's version for it moves, so every replica converges on the same calibration whichever of
 * them consumed an observation. Estimates never wait for the store: they use what was last loaded.
 */
export class ImpactCalibrationService {
  private readonly symbols = new Map<string, { version: number; calibration: SymbolImpactCalibration }>();
  readonly counts = { recorded: 0, duplicates: 0, refused: 0, reloads: 0 };

  constructor(
    private readonly store: ImpactObservationStore,
    readonly options: ImpactCalibrationOptions = DEFAULT_IMPACT_CALIBRATION_OPTIONS,
  ) {}

  /** Reloads every symbol whose observations changed since it was last loaded; returns them. */
  async refresh(): Promise<string[]> {
    const versions = await this.store.versions();
    const changed = Object.entries(versions).filter(([s, v]) => this.symbols.get(s)?.version !== v);
    for (const [symbol, version] of changed) await this.reload(symbol, version);
    return changed.map(([s]) => s);
  }

  /**
   * Records one observation in the store and recalibrates its symbol. A store failure is thrown, so
   * the caller leaves the observation unacknowledged and gets it again.
   */
  async observe(observation: ImpactObservation): Promise<ObserveOutcome> {
    const reason = observationProblem(observation);
    if (reason !== undefined) {
      this.counts.refused++;
      return { status: 'refused', reason };
    }
    const version = await this.store.append(observation);
    if (version === null) {
      this.counts.duplicates++;
      return { status: 'duplicate' };
    }
    this.counts.recorded++;
    await this.reload(observation.symbol, version);
    return { status: 'recorded', version };
  }

  estimate(request: impact.IImpactRequest): impact.ImpactEstimate {
    return estimateCalibratedImpact(request, this.calibration(request.symbol ?? ''), this.options);
  }

  calibration(symbol: string): SymbolImpactCalibration | undefined {
    return this.symbols.get(symbol.toUpperCase())?.calibration;
  }

  summary(): Record<string, SymbolCalibrationSummary> {
    const out: Record<string, SymbolCalibrationSummary> = {};
    for (const [symbol, { version, calibration }] of [...this.symbols].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const record = (s: ModelRecord) => ({
        n: s.n,
        maeBps: s.maeBps,
        biasBps: s.biasBps,
        scale: s.scale,
        calibratedMaeBps: s.calibratedMaeBps,
      });
      const models: SymbolCalibrationSummary['models'] = {};
      for (const w of modelWeights(calibration.models, this.options.blend))
        models[w.model] = { ...record(w), weight: w.weight };
      const served: SymbolCalibrationSummary['served'] = {};
      for (const m of calibration.served.models()) served[m] = record(calibration.served.stats(m));
      out[symbol] = {
        version,
        observations: calibration.observations,
        refused: calibration.refused,
        models,
        served,
      };
    }
    return out;
  }

  private async reload(symbol: string, version: number): Promise<void> {
    const observations = await this.store.load(symbol, this.options.windowSize);
    // A slower reload must not replace a newer one that finished first.
    if ((this.symbols.get(symbol)?.version ?? -1) > version) return;
    const calibration = calibrateFromObservations(
      symbol,
      observations,
      {
        y: this.options.y,
        intervalMinutes: this.options.intervalMinutes,
        fallbackDailyVolatility: this.options.fallbackDailyVolatility,
      },
      this.options.windowSize,
    );
    this.symbols.set(symbol, { version, calibration });
    this.counts.reloads++;
  }
}
