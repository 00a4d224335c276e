/**
 * What a model call costs, in USD per million tokens. Figures are the providers'
 * list prices; unknown models fall back to a deliberately mid-to-high default so an
 * unpriced model is never metered as free.
 */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

const DEFAULT_PRICES: PriceTable = {
  noop: { inputPerMTok: 0, outputPerMTok: 0 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-5-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
};

export const FALLBACK_PRICE: ModelPrice = { inputPerMTok: 5, outputPerMTok: 15 };

/**
 * The price of `model`: an exact entry, else the longest entry that prefixes it (so
 * dated snapshots such as `claude-sonnet-4-20250514` find their family), else the
 * fallback. `overrides` win over the built-in table.
 */
export function priceFor(model: string, overrides: PriceTable = {}): ModelPrice {
  const table = { ...DEFAULT_PRICES, ...overrides };
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? FALLBACK_PRICE : (table[best] ?? FALLBACK_PRICE);
}

/** USD cost, rounded up to the column's six decimals so nothing is metered as free. */
export function costUsd(price: ModelPrice, tokensIn: number, tokensOut: number): number {
  const raw = (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
  return Math.max(0, Math.ceil(raw * 1_000_000 - 1e-9)) / 1_000_000;
}
