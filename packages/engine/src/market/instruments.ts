import type { InstrumentRules } from '@tranche/execution-core';

/**
 * Bybit linear perpetual rules as published by /v5/market/instruments-info.
 * Used by the paper venue and the risk service until they read the venue's own.
 */
export const DEFAULT_INSTRUMENTS: ReadonlyMap<string, InstrumentRules> = new Map([
  [
    'BTCUSDT',
    {
      symbol: 'BTCUSDT',
      tickSize: '0.1',
      qtyStep: '0.001',
      minOrderQty: '0.001',
      maxOrderQty: '1190',
      minNotional: '5',
    },
  ],
  [
    'ETHUSDT',
    {
      symbol: 'ETHUSDT',
      tickSize: '0.01',
      qtyStep: '0.01',
      minOrderQty: '0.01',
      maxOrderQty: '7240',
      minNotional: '5',
    },
  ],
  [
    'SOLUSDT',
    {
      symbol: 'SOLUSDT',
      tickSize: '0.01',
      qtyStep: '0.1',
      minOrderQty: '0.1',
      maxOrderQty: '79770',
      minNotional: '5',
    },
  ],
]);

/** Reference prices for the synthetic market, close to late-2026 levels; only the shape matters. */
export const SYNTHETIC_START_PRICES: Readonly<Record<string, number>> = {
  BTCUSDT: 96_000,
  ETHUSDT: 3_400,
  SOLUSDT: 180,
};
