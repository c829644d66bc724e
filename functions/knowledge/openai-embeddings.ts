import type OpenAI from 'openai';
import { ConfigurationError } from '../platform/errors.js';
import { openAiClient } from '../platform/openai-client.js';

/** Turns texts into vectors, in order. */
export interface Embedder {
  readonly model: string;
  /** `tenantId` names whose budget the tokens count against. */
  embed(texts: readonly string[], tenantId?: string): Promise<number[][]>;
}

export interface OpenAiEmbedderOptions {
  /** Read when first needed (from SSM in Lambda), so start-up never waits on a secret. */
  apiKey: () => Promise<string | undefined>;
  baseUrl?: string;
  model: string;
  /** Inputs per request; the API takes up to 2048, smaller batches fail and retry cheaper. */
  batchSize?: number;
  /** The SDK's own retries, with exponential backoff, for 408/409/429/5xx and network errors. */
  maxRetries?: number;
  timeoutMs?: number;
  /** Told the tokens each request used, so they count against the tenant's model budget. */
  onUsage?: (tenantId: string, usage: { model: string; inputTokens: number }) => Promise<void>;
}

/**
 * OpenAI embeddings (or any OpenAI-compatible endpoint) with the official client: batched
 * requests, the SDK's retry policy, and the client built once per process.
 *
 * @example
 * const embedder = createOpenAiEmbedder({ apiKey: () => secrets.get('OPENAI_API_KEY'), model: 'text-embedding-3-small' });
 * const [vector] = await embedder.embed(['Do you deliver on Sundays?']);
 */
export const createOpenAiEmbedder = (options: OpenAiEmbedderOptions): Embedder => {
  const batchSize = options.batchSize ?? 100;
  let client: Promise<OpenAI> | undefined;
  const clientFor = () => {
    client ??= options.apiKey().then((apiKey) => {
      if (!apiKey) throw new ConfigurationError('OPENAI_API_KEY is not set; embeddings need it');
      return new (openAiClient().OpenAI)({
        apiKey,
        baseURL: options.baseUrl,
        maxRetries: options.maxRetries ?? 4,
        timeout: options.timeoutMs ?? 30_000,
      });
    });
    // A failed key lookup must not be cached forever.
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
  return {
    model: options.model,
    async embed(texts, tenantId) {
      const openai = await clientFor();
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const input = texts.slice(start, start + batchSize);
        const response = await openai.embeddings.create({ model: options.model, input });
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== input.length) {
          throw new Error(`Embeddings API returned ${ordered.length} vectors for ${input.length} inputs`);
        }
        vectors.push(...ordered.map((d) => d.embedding));
        if (tenantId && options.onUsage && response.usage) {
          await options.onUsage(tenantId, {
            model: options.model,
            inputTokens: response.usage.prompt_tokens,
          });
        }
      }
      return vectors;
    },
  };
};
