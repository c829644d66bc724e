import MiniSearch from 'minisearch';
import type { ChunkRecord } from '../store/documents.js';
import { coverageEvidence, type TermStatistics } from './evidence.js';
import type { SearchHit } from './knowledge-index.js';
import { splitWords, terms, toTerm } from './text.js';

type IndexedChunk = ChunkRecord & { id: string };

/**
 * One tenant's BM25 index (MiniSearch) that a document's chunks can be swapped in and out of,
 * so a change costs that document's chunks, not the tenant's.
 *
 * Hits come in BM25 order; each one's score is its coverage evidence (`coverageEvidence`): how
 * much of the question it really covers, so a floor means the same thing whatever the tenant's
 * corpus. (The score was once `0.7 * coverage + 0.3 * bm25 / best`, which gave every top hit
 * 0.3 for free: one word in three cleared a 0.5 floor.)
 */
export class LexicalIndex implements TermStatistics {
  private readonly miniSearch = new MiniSearch<IndexedChunk>({
    fields: ['text'],
    storeFields: ['documentId', 'chunk', 'text'],
    tokenize: splitWords,
    processTerm: toTerm,
  });
  private readonly idsByDocument = new Map<string, string[]>();
  /** Each document's chunks as term sets, so its document frequencies can be taken back out. */
  private readonly termsByDocument = new Map<string, Array<Set<string>>>();
  private readonly frequencies = new Map<string, number>();

  /** Puts `chunks` in place of whatever the document had; no chunks takes it out. */
  replaceDocument(documentId: string, chunks: readonly ChunkRecord[]): void {
    const previous = this.idsByDocument.get(documentId);
    // Discarded entries are vacuumed by MiniSearch in the background (its autoVacuum).
    if (previous) this.miniSearch.discardAll(previous);
    this.idsByDocument.delete(documentId);
    for (const chunkTerms of this.termsByDocument.get(documentId) ?? []) this.count(chunkTerms, -1);
    this.termsByDocument.delete(documentId);
    if (chunks.length === 0) return;
    const chunkTerms = chunks.map((c) => new Set(terms(c.text)));
    for (const set of chunkTerms) this.count(set, 1);
    this.termsByDocument.set(documentId, chunkTerms);
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

  documentFrequency(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  private count(chunkTerms: Set<string>, by: 1 | -1): void {
    for (const term of chunkTerms) {
      const n = (this.frequencies.get(term) ?? 0) + by;
      if (n > 0) this.frequencies.set(term, n);
      else this.frequencies.delete(term);
    }
  }

  query(query: string, k: number): SearchHit[] {
    const queryTerms = new Set(terms(query));
    if (queryTerms.size === 0) return [];
    const results = this.miniSearch.search(query, {
      fuzzy: (term) => (term.length > 5 ? 0.2 : false),
      prefix: (term) => term.length > 4,
    });
    return results.slice(0, k).map(
      (r): SearchHit => ({
        documentId: r.documentId,
        chunk: r.chunk,
        text: r.text,
        score: Math.round(coverageEvidence(query, r.text, this) * 1000) / 1000,
      }),
    );
  }
}
