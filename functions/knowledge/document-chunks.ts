import { paragraphsOf } from '../ingest/blocks.js';
import { chunkBlocks } from '../ingest/chunker.js';
import { normalizeText } from '../ingest/normalize.js';
import type { Table } from '../store/client.js';
import { type ChunkRecord, deleteChunks, putChunks } from '../store/documents.js';
import { recordKnowledgeChange } from '../store/knowledge-changes.js';
import type { KnowledgeIndex } from './knowledge-index.js';

export interface ChunkStoreDeps {
  table: Table;
  index: KnowledgeIndex;
}

/**
 * The one way text becomes searchable, for uploads and chat facts alike: any earlier chunks
 * and vectors of the document go, the new chunks are written to the table (the source of truth
 * for citations, reindexing and the embedded index), handed to the index (embedded and
 * upserted where vectors are used), and then the change is recorded against the document, so
 * every process's embedded index reads this one document again rather than the whole tenant.
 */
export const replaceDocumentChunks = async (
  deps: ChunkStoreDeps,
  tenantId: string,
  documentId: string,
  texts: readonly string[],
): Promise<ChunkRecord[]> => {
  await deps.index.removeDocument(tenantId, documentId);
  await deleteChunks(deps.table, tenantId, documentId);
  const chunks = texts.map((text, chunk) => ({ documentId, chunk, text }));
  await putChunks(deps.table, tenantId, chunks);
  await deps.index.upsert(tenantId, chunks);
  await recordKnowledgeChange(deps.table, tenantId, documentId);
  return chunks;
};

/**
 * Removes a document's vectors and chunk items (the document record stays) and records the
 * change, so no index keeps serving them.
 */
export const removeDocumentChunks = async (
  deps: ChunkStoreDeps,
  tenantId: string,
  documentId: string,
): Promise<void> => {
  await deps.index.removeDocument(tenantId, documentId);
  await deleteChunks(deps.table, tenantId, documentId);
  await recordKnowledgeChange(deps.table, tenantId, documentId);
};

/** Chunks of a short plain text (a chat fact) by the same rules as documents. */
export const chunkPlainText = (text: string): string[] => chunkBlocks(paragraphsOf(normalizeText(text)));
