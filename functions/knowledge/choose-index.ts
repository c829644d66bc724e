import { estimateCostUsd, priceOf } from '../answer/pricing.js';
import type { Config } from '../platform/config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { Table } from '../store/client.js';
import { recordUsage } from '../store/usage.js';
import { createEmbeddedIndex } from './embedded-index.js';
import { createHybridIndex } from './hybrid-index.js';
import type { KnowledgeIndex } from './knowledge-index.js';
import { createOpenAiEmbedder } from './openai-embeddings.js';
import { createPineconeIndex } from './pinecone-index.js';

/**
 * Pinecone with OpenAI embeddings when an index is named and its key can be had (given
 * directly, or from SSM in AWS where only the stage's secrets path is known at start-up);
 * otherwise the embedded BM25 index over the table's chunks.
 */
export const createKnowledgeIndex = (config: Config, table: Table, secrets: SecretStore): KnowledgeIndex => {
  const indexName = config.pinecone.index;
  const keyAvailable = Boolean(config.secrets.PINECONE_API_KEY || config.secretsPath);
  if (!indexName || !keyAvailable) return createEmbeddedIndex(table);
  const vector = createPineconeIndex({
    indexName,
    host: config.pinecone.host,
    apiKey: () => secrets.get('PINECONE_API_KEY'),
    embedder: createOpenAiEmbedder({
      apiKey: () => secrets.get('OPENAI_API_KEY'),
      baseUrl: config.openai.baseUrl,
      model: config.openai.embeddingModel,
      // Embeddings are model spend too: they count against the tenant's monthly budget.
      onUsage: (tenantId, { model, inputTokens }) =>
        recordUsage(table, tenantId, {
          messages: 0,
          calls: [
            { model, inputTokens, outputTokens: 0, costUsd: estimateCostUsd(priceOf(model), inputTokens, 0) },
          ],
        }),
    }),
  });
  // Opt-in until measured on real embeddings: BM25 from the table alongside the vectors.
  return config.answers.retrievalFusion === 'hybrid'
    ? createHybridIndex(createEmbeddedIndex(table), vector)
    : vector;
};
