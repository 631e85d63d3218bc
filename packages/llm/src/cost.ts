/** USD per million tokens; configurable because prices differ by model and change over time. */
export interface TokenPrices {
  inputPerMTok: number;
  outputPerMTok: number;
}

export function costUsd(tokensIn: number, tokensOut: number, prices: TokenPrices): number {
  return (tokensIn * prices.inputPerMTok + tokensOut * prices.outputPerMTok) / 1e6;
}
