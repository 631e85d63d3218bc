import { Decimal } from 'decimal.js';
import { SimConfigError } from './errors.js';

// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;

/**
 * Trading rules of a linear perpetual, with Bybit's field names. Internally prices are integer
 * ticks and quantities integer lots (multiples of qtyStep) so matching never accumulates float
 * error; decimal.js is used only at the edges to parse and format strings.
 */
export interface InstrumentSpec {
  symbol: string;
  baseCoin: string;
  quoteCoin: string;
  tickSize: string;
  qtyStep: string;
  minOrderQty: string;
  maxOrderQty: string;
  maxMktOrderQty: string;
  minNotionalValue: string;
  minPrice: string;
  maxPrice: string;
  maxLeverage: string;
}

/** BTCUSDT rules as published in the v5 instruments-info example (see README). */
export const BTCUSDT_SPEC: InstrumentSpec = {
  symbol: 'BTCUSDT',
  baseCoin: 'BTC',
  quoteCoin: 'USDT',
  tickSize: '0.10',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190.000',
  maxMktOrderQty: '500.000',
  minNotionalValue: '5',
  minPrice: '0.10',
  maxPrice: '1999999.80',
  maxLeverage: '100.00',
};

const KNOWN: Record<string, Partial<InstrumentSpec>> = {
  BTCUSDT: BTCUSDT_SPEC,
  ETHUSDT: {
    tickSize: '0.01',
    qtyStep: '0.01',
    minOrderQty: '0.01',
    maxOrderQty: '7240.00',
    maxMktOrderQty: '3000.00',
    minPrice: '0.01',
    maxPrice: '199999.98',
  },
  XRPUSDT: {
    tickSize: '0.0001',
    qtyStep: '1',
    minOrderQty: '1',
    maxOrderQty: '2290000',
    maxMktOrderQty: '900000',
    minPrice: '0.0001',
    maxPrice: '199.9998',
  },
};

export function instrumentSpec(symbol: string, overrides: Partial<InstrumentSpec> = {}): InstrumentSpec {
  if (!/^[A-Z0-9]{3,20}USDT$/.test(symbol)) {
    throw new SimConfigError(`symbol "${symbol}" is not a USDT linear perpetual like BTCUSDT`);
  }
  const base = symbol.slice(0, -4);
  return {
    ...BTCUSDT_SPEC,
    ...KNOWN[symbol],
    ...overrides,
    symbol,
    baseCoin: base,
    quoteCoin: 'USDT',
  };
}

/** Decimals as written ("0.10" -> 2): Bybit prints prices with the tickSize's precision. */
function decimals(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** A spec plus the fast integer conversions the matching engine uses. */
export class Instrument {
  readonly symbol: string;
  readonly tick: number;
  readonly step: number;
  readonly priceDp: number;
  readonly qtyDp: number;
  readonly minLots: number;
  readonly maxLots: number;
  readonly maxMktLots: number;
  readonly minNotional: number;
  private readonly tickD: Decimal;
  private readonly stepD: Decimal;
  /** tickSize and qtyStep in units of their last decimal (0.10 -> 10 at 2 dp), for fast paths. */
  private readonly tickUnits: number;
  private readonly stepUnits: number;

  constructor(readonly spec: InstrumentSpec) {
    this.symbol = spec.symbol;
    this.tickD = new Decimal(spec.tickSize);
    this.stepD = new Decimal(spec.qtyStep);
    this.tick = this.tickD.toNumber();
    this.step = this.stepD.toNumber();
    if (!(this.tick > 0) || !(this.step > 0)) {
      throw new SimConfigError(`${spec.symbol}: tickSize and qtyStep must be positive decimals`);
    }
    this.priceDp = decimals(spec.tickSize);
    this.qtyDp = decimals(spec.qtyStep);
    this.minLots = new Decimal(spec.minOrderQty).div(this.stepD).toNumber();
    this.maxLots = new Decimal(spec.maxOrderQty).div(this.stepD).toNumber();
    this.maxMktLots = new Decimal(spec.maxMktOrderQty).div(this.stepD).toNumber();
    this.minNotional = Number(spec.minNotionalValue);
    this.tickUnits = this.tickD.mul(new Decimal(10).pow(this.priceDp)).toNumber();
    this.stepUnits = this.stepD.mul(new Decimal(10).pow(this.qtyDp)).toNumber();
  }

  /** Nearest tick for a market-data price (source data may carry more digits than the tick). */
  toTicks(price: number): number {
    return M.round(price / this.tick);
  }
  /** Exact tick count of a client price, or undefined if it is not on the tick grid. */
  parsePriceTicks(price: string): number | undefined {
    const units = scaledUnits(price, this.priceDp);
    if (units !== undefined) return units % this.tickUnits === 0 ? units / this.tickUnits : undefined;
    let d: Decimal;
    try {
      d = new Decimal(price);
    } catch {
      return undefined;
    }
    const t = d.div(this.tickD);
    return t.isInteger() ? t.toNumber() : undefined;
  }
  /** Client qty truncated down to whole lots (Bybit truncates qty to qtyStep). */
  parseQtyLots(qty: string): number | undefined {
    const units = scaledUnits(qty, this.qtyDp);
    if (units !== undefined) return M.floor(units / this.stepUnits);
    let d: Decimal;
    try {
      d = new Decimal(qty);
    } catch {
      return undefined;
    }
    if (!d.isFinite() || d.isNeg()) return undefined;
    return d.div(this.stepD).floor().toNumber();
  }
  price(ticks: number): string {
    return formatScaled(ticks * this.tickUnits, this.priceDp);
  }
  qty(lots: number): string {
    return formatScaled(lots * this.stepUnits, this.qtyDp);
  }
  /** Base quantity of a lot count, as a float (for book arithmetic with source sizes). */
  lotsToBase(lots: number): number {
    return lots * this.step;
  }
  baseToLotsFloor(base: number): number {
    return M.floor(base / this.step + 1e-9);
  }
  /** ticks*lots products (exact integers) to a quote value string. */
  value(tickLots: number, dp = 8): string {
    return this.tickD.mul(this.stepD).mul(tickLots).toDecimalPlaces(dp).toFixed();
  }
  valueNumber(tickLots: number): number {
    return tickLots * this.tick * this.step;
  }
}

/**
 * A plain non-negative decimal string with at most `dp` decimals as an integer count of 10^-dp
 * units; undefined when the string needs the general (decimal.js) path.
 */
function scaledUnits(text: string, dp: number): number | undefined {
  if (!/^\d{1,12}(\.\d*)?$/.test(text)) return undefined;
  const dot = text.indexOf('.');
  const int = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length > dp) {
    // Extra digits are only acceptable when they are zeros ("0.0010" at 3 dp).
    if (!/^0*$/.test(frac.slice(dp))) return undefined;
    frac = frac.slice(0, dp);
  }
  const n = Number(int + frac.padEnd(dp, '0'));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Integer count of 10^-dp units to a fixed-point string (exact, no float formatting). */
function formatScaled(units: number, dp: number): string {
  if (!Number.isSafeInteger(units)) return new Decimal(units).div(new Decimal(10).pow(dp)).toFixed(dp);
  if (dp === 0) return String(units);
  const neg = units < 0;
  const digits = String(M.abs(units)).padStart(dp + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
}

/** Format a float money amount (fees, PnL, balances) as Bybit does: plain decimal string. */
export function money(x: number | Decimal, dp = 8): string {
  return new Decimal(x).toDecimalPlaces(dp).toFixed();
}
