/**
 * Prices per million tokens in USD, keyed "provider/model", for the spend estimate and the monthly budget.
 * Sources, read 2026-12-07:
 * - Workers AI: developers.cloudflare.com/workers-ai/platform/pricing/ (cloudflare-docs
 *   `src/content/docs/workers-ai/platform/pricing.mdx` at 0059055), "Price in Tokens" column.
 * - OpenAI: platform.openai.com/docs/pricing, gpt-4o-mini $0.15 in / $0.60 out and gpt-4o $2.50 / $10.00 per 1M
 *   tokens (as quoted by secondary pricing pages dated 2026; the official page is not reachable offline).
 * A model missing here costs 0 in the estimate (a self-hosted server, say) but still counts as paid for the budget.
 */
export interface ModelPrice {
  inputPerM: number;
  outputPerM: number;
}

export const PRICES_READ_ON = "2026-12-07";

export const MODEL_PRICES: Record<string, ModelPrice> = {
  "workers-ai/@cf/meta/llama-3.1-8b-instruct": { inputPerM: 0.282, outputPerM: 0.827 },
  "workers-ai/@cf/meta/llama-3.1-8b-instruct-fp8": { inputPerM: 0.152, outputPerM: 0.287 },
  "workers-ai/@cf/meta/llama-3.1-8b-instruct-fp8-fast": { inputPerM: 0.045, outputPerM: 0.384 },
  "workers-ai/@cf/meta/llama-3.1-8b-instruct-awq": { inputPerM: 0.123, outputPerM: 0.266 },
  "workers-ai/@cf/meta/llama-3.2-1b-instruct": { inputPerM: 0.027, outputPerM: 0.201 },
  "workers-ai/@cf/meta/llama-3.2-3b-instruct": { inputPerM: 0.051, outputPerM: 0.335 },
  "workers-ai/@cf/meta/llama-3.3-70b-instruct-fp8-fast": { inputPerM: 0.293, outputPerM: 2.253 },
  "workers-ai/@cf/mistral/mistral-7b-instruct-v0.1": { inputPerM: 0.11, outputPerM: 0.19 },
  "workers-ai/@cf/meta/m2m100-1.2b": { inputPerM: 0.342, outputPerM: 0.342 },
  "workers-ai/@cf/huggingface/distilbert-sst-2-int8": { inputPerM: 0.026, outputPerM: 0 },
  "openai-compatible/gpt-4o-mini": { inputPerM: 0.15, outputPerM: 0.6 },
  "openai-compatible/gpt-4o": { inputPerM: 2.5, outputPerM: 10 },
};

/** Tokens from characters when a provider reports none: about four characters a token (English). */
export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);

/** The estimated cost in USD of one call; 0 for builtin and for models without a price. */
export function costUsd(route: string, tokensIn: number, tokensOut: number): number {
  const p = MODEL_PRICES[route];
  if (!p) return 0;
  return (tokensIn * p.inputPerM + tokensOut * p.outputPerM) / 1_000_000;
}
