import type { ChunkRecord } from '../store/documents.js';

export interface SearchHit {
  documentId: string;
  chunk: number;
  /** Relevance in [0, 1]; comparable within one index kind. */
  score: number;
  text: string;
}

/**
 * The retrieval interface the answer worker uses. Each tenant has its own index (a namespace in
 * Pinecone, its own in-memory index locally): a search never sees another tenant's chunks.
 */
export interface KnowledgeIndex {
  readonly kind: string;
  search(tenantId: string, query: string, k: number): Promise<SearchHit[]>;
  /** Makes stored chunks searchable (embeds and upserts where vectors are used). */
  upsert(tenantId: string, chunks: ChunkRecord[]): Promise<void>;
  removeDocument(tenantId: string, documentId: string): Promise<void>;
}
