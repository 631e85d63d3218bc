/**
 * A tokens-per-minute budget over a sliding minute. A call reserves its worst case (prompt estimate
 * plus the output cap) before it is sent and settles to what the server reports afterwards, so a
 * burst of refreshes cannot run past a provider's quota and start collecting 429s.
 */
export class TokenBudget {
  private readonly spent: Array<{ atMs: number; tokens: number; id: number }> = [];
  private nextId = 1;

  constructor(
    private readonly tokensPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private used(): number {
    const cutoff = this.now() - 60_000;
    while (this.spent.length && this.spent[0]!.atMs <= cutoff) this.spent.shift();
    return this.spent.reduce((s, e) => s + e.tokens, 0);
  }

  /** A reservation id, or undefined when the call would exceed the budget. */
  tryReserve(tokens: number): number | undefined {
    if (this.used() + tokens > this.tokensPerMinute) return undefined;
    const id = this.nextId++;
    this.spent.push({ atMs: this.now(), tokens, id });
    return id;
  }

  settle(id: number, actualTokens: number): void {
    const e = this.spent.find((x) => x.id === id);
    if (e) e.tokens = Math.max(0, actualTokens);
  }

  get available(): number {
    return Math.max(0, this.tokensPerMinute - this.used());
  }
}

/** Rough count for a budget check before the server has counted: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
