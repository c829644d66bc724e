import type { ModelPrice } from '../platform/answer-config.js';

/**
 * List prices of the models we expect in a chain, for an estimate of cost per tenant (the bill
 * is the truth). A model not listed (self-hosted, Ollama, vLLM) costs nothing unless its chain
 * entry gives a price.
 */
const LIST_PRICES: Record<string, ModelPrice> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  // Embeddings: input tokens only.
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
};

export const priceOf = (model: string, override?: ModelPrice): ModelPrice =>
  override ??
  LIST_PRICES[model] ??
  LIST_PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? { input: 0, output: 0 };

export const estimateCostUsd = (price: ModelPrice, inputTokens: number, outputTokens: number): number =>
  (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
