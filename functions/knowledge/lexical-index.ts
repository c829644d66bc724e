import MiniSearch from 'minisearch';
import type { ChunkRecord } from '../store/documents.js';
import type { SearchHit } from './knowledge-index.js';
import { splitWords, terms, toTerm } from './text.js';

type IndexedChunk = ChunkRecord & { id: string };

/**
 * One tenant's BM25 index (MiniSearch) that a document's chunks can be swapped in and out of,
 * so a change costs that document's chunks, not the tenant's.
 *
 * Scores blend how many of the question's terms a chunk contains (coverage) with BM25 relative
 * to the best hit, so a floor means the same thing whatever the tenant's corpus.
 */
export class LexicalIndex {
  private readonly miniSearch = new MiniSearch<IndexedChunk>({
    fields: ['text'],
    storeFields: ['documentId', 'chunk', 'text'],
    tokenize: splitWords,
    processTerm: toTerm,
  });
  private readonly idsByDocument = new Map<string, string[]>();

  /** Puts `chunks` in place of whatever the document had; no chunks takes it out. */
  replaceDocument(documentId: string, chunks: readonly ChunkRecord[]): void {
    const previous = this.idsByDocument.get(documentId);
    // Discarded entries are vacuumed by MiniSearch in the background (its autoVacuum).
    if (previous) this.miniSearch.discardAll(previous);
    this.idsByDocument.delete(documentId);
    if (chunks.length === 0) return;
    const indexed = chunks.map((c) => ({ ...c, id: `${c.documentId}#${c.chunk}` }));
    this.miniSearch.addAll(indexed);
    this.idsByDocument.set(
      documentId,
      indexed.map((c) => c.id),
    );
  }

  get chunkCount(): number {
    return this.miniSearch.documentCount;
  }

  query(query: string, k: number): SearchHit[] {
    const queryTerms = new Set(terms(query));
    if (queryTerms.size === 0) return [];
    const results = this.miniSearch.search(query, {
      fuzzy: (term) => (term.length > 5 ? 0.2 : false),
      prefix: (term) => term.length > 4,
    });
    const best = results[0]?.score ?? 1;
    return results
      .slice(0, k)
      .map((r): SearchHit => {
        const coverage = Math.min(1, new Set(r.queryTerms).size / queryTerms.size);
        const score = 0.7 * coverage + 0.3 * (r.score / best);
        return {
          documentId: r.documentId,
          chunk: r.chunk,
          text: r.text,
          score: Math.round(score * 1000) / 1000,
        };
      })
      .sort((a, b) => b.score - a.score);
  }
}
