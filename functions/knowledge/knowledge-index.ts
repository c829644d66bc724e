import type { ChunkRecord } from '../store/documents.js';
import type { KnowledgeChanges } from '../store/knowledge-changes.js';

export interface SearchHit {
  documentId: string;
  chunk: number;
  /** Relevance in [0, 1]; comparable within one index kind. */
  score: number;
  text: string;
}

/** What a caller already read for a search, so the index does not read it again. */
export interface ReadForSearch {
  /** The tenant's knowledge changes, read strongly consistent just before the search. */
  knowledgeChanges?: KnowledgeChanges;
}

/**
 * The retrieval interface the answer worker uses. Each tenant has its own index (a namespace in
 * Pinecone, its own in-memory index locally): a search never sees another tenant's chunks.
 */
export interface KnowledgeIndex {
  readonly kind: string;
  search(tenantId: string, query: string, k: number, read?: ReadForSearch): Promise<SearchHit[]>;
  /**
   * True when a search reads the tenant's knowledge changes first (the embedded index): a caller
   * that reads other items anyway can read that one with them, strongly consistent, and pass it.
   */
  readonly readsKnowledgeChanges?: boolean;
  /** Makes stored chunks searchable (embeds and upserts where vectors are used). */
  upsert(tenantId: string, chunks: ChunkRecord[]): Promise<void>;
  removeDocument(tenantId: string, documentId: string): Promise<void>;
}
