import type { Config } from '../platform/config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { Table } from '../store/client.js';
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
    }),
  });
  // Opt-in until measured on real embeddings: BM25 from the table alongside the vectors.
  return config.answers.retrievalFusion === 'hybrid'
    ? createHybridIndex(createEmbeddedIndex(table), vector)
    : vector;
};
