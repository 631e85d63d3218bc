import type { PromptTrade } from './prompt.js';

/** Where the advisor reads a symbol's last trades from. */
export interface TradeSource {
  recent(symbol: string, nowMs: number): Promise<PromptTrade[]> | PromptTrade[];
}

/**
 * The last trades per symbol in memory, fed by market-data's md.v1.trade.<SYMBOL> events. Trades
 * stamped after `nowMs` are left out, so a replay never shows the model the future.
 */
export class TradeTape implements TradeSource {
  private readonly bySymbol = new Map<string, PromptTrade[]>();

  constructor(private readonly perSymbol = 10) {}

  add(symbol: string, trade: PromptTrade): void {
    const list = this.bySymbol.get(symbol) ?? [];
    list.push(trade);
    if (list.length > this.perSymbol * 4) list.splice(0, list.length - this.perSymbol);
    this.bySymbol.set(symbol, list);
  }

  recent(symbol: string, nowMs: number): PromptTrade[] {
    return (this.bySymbol.get(symbol) ?? []).filter((t) => t.tsMs <= nowMs).slice(-this.perSymbol);
  }
}

/** No trade feed: the prompt says so. */
export const NO_TRADES: TradeSource = { recent: () => [] };
