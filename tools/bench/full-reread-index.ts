import { LexicalIndex } from '../../functions/knowledge/lexical-index.js';
import type { Table } from '../../functions/store/client.js';
import { type ChunkRecord, listTenantChunks } from '../../functions/store/documents.js';
import { readKnowledgeChanges } from '../../functions/store/knowledge-changes.js';

/**
 * The embedded index as it was before the change record (commit 4163f93): one read of the
 * tenant's version per search and, whenever it moved, every chunk of the tenant read again
 * through gsi1 and indexed from scratch. Kept here only as the bench's baseline.
 */
export const createFullRereadIndex = (table: Table) => {
  const cache = new Map<string, { version: number; index: LexicalIndex }>();
  return {
    async search(tenantId: string, query: string, k: number) {
      const { version } = await readKnowledgeChanges(table, tenantId);
      let cached = cache.get(tenantId);
      if (cached?.version !== version) {
        const byDocument = new Map<string, ChunkRecord[]>();
        for (const chunk of await listTenantChunks(table, tenantId)) {
          const chunks = byDocument.get(chunk.documentId) ?? [];
          chunks.push(chunk);
          byDocument.set(chunk.documentId, chunks);
        }
        const index = new LexicalIndex();
        for (const [documentId, chunks] of byDocument) index.replaceDocument(documentId, chunks);
        cached = { version, index };
        cache.set(tenantId, cached);
      }
      return cached.index.query(query, k);
    },
  };
};
