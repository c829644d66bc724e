import { createAnswerer, createQueryRewriter } from '../../functions/answer/choose-answerer.js';
import { createKnowledgeIndex } from '../../functions/knowledge/choose-index.js';
import { replaceDocumentChunks } from '../../functions/knowledge/document-chunks.js';
import { loadConfig } from '../../functions/platform/config.js';
import { createSecretStore } from '../../functions/platform/secrets.js';
import { createTable } from '../../functions/store/client.js';
import { putDocument } from '../../functions/store/documents.js';
import { createTenant } from '../../functions/store/tenants.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';

/**
 * The production retrieval and answer path, on an in-memory table: the index and answerer the
 * runtime would choose from the environment (embedded BM25 and extractive with no keys; OpenAI
 * and Pinecone when their keys are set), and documents stored the way ingestion stores them.
 */
export const startEvalHarness = async (env: Record<string, string | undefined> = process.env) => {
  const config = loadConfig(env);
  const dynamo = await startLocalDynamo({
    stateDir: ':memory:',
    tableName: config.tableName,
    region: config.region,
  });
  const table = createTable(config.tableName, {
    region: config.region,
    endpoint: dynamo.endpoint,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const secrets = createSecretStore(config);
  const index = createKnowledgeIndex(config, table, secrets);
  const answerer = createAnswerer(config, secrets);
  const rewriter = createQueryRewriter(config, secrets);
  return {
    config,
    table,
    index,
    answerer,
    rewriter,
    /** What the run measures: the model chain (with its rewrite step) or the extractive answerer. */
    measured: rewriter
      ? `model chain: ${answerer.kind}, with the query rewrite step`
      : 'extractive (no model)',
    async addTenant(
      name: string,
      documents: Array<{ documentId: string; chunks: string[] }>,
    ): Promise<string> {
      const tenant = await createTenant(table, {
        name,
        codeFor: (n) => `eval${n}_${Math.floor(Math.random() * 1e4)}`,
      });
      const now = new Date().toISOString();
      for (const doc of documents) {
        // The document's record too: an index built from scratch lists a tenant's documents.
        await putDocument(table, {
          tenantId: tenant.tenantId,
          documentId: doc.documentId,
          kind: 'file',
          filename: `${doc.documentId}.txt`,
          status: 'ready',
          chunks: doc.chunks.length,
          createdAt: now,
          updatedAt: now,
        });
        await replaceDocumentChunks({ table, index }, tenant.tenantId, doc.documentId, doc.chunks);
      }
      return tenant.tenantId;
    },
    async close() {
      table.client.destroy();
      await dynamo.close();
    },
  };
};

export type EvalHarness = Awaited<ReturnType<typeof startEvalHarness>>;

/** Lower case, single spaces: how the scorer compares passages that went through normalisation. */
export const flatten = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
