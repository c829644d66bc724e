import MiniSearch from 'minisearch';
import type { Table } from '../store/client.js';
import { type ChunkRecord, listTenantChunks } from '../store/documents.js';
import { getTenant } from '../store/tenants.js';
import type { KnowledgeIndex, SearchHit } from './knowledge-index.js';
import { splitWords, terms, toTerm } from './text.js';

interface TenantIndex {
  version: number;
  search: MiniSearch<ChunkRecord & { id: string }>;
}

/**
 * The embedded default when no vector service is configured: a BM25 index (MiniSearch) per
 * tenant, built from the tenant's chunks in the table and kept in memory while the tenant's
 * knowledge version is unchanged. The table stays the source of truth, so every process (the
 * local stack, each Lambda container) sees the same knowledge.
 *
 * Scores blend how many of the question's terms a chunk contains (coverage) with BM25 relative
 * to the best hit, so a floor means the same thing whatever the tenant's corpus.
 */
export const createEmbeddedIndex = (table: Table, options: { maxTenants?: number } = {}): KnowledgeIndex => {
  const maxTenants = options.maxTenants ?? 500;
  const cache = new Map<string, TenantIndex>();

  const indexFor = async (tenantId: string): Promise<TenantIndex> => {
    const version = (await getTenant(table, tenantId))?.knowledgeVersion ?? 0;
    const cached = cache.get(tenantId);
    if (cached && cached.version === version) {
      cache.delete(tenantId);
      cache.set(tenantId, cached);
      return cached;
    }
    const search = new MiniSearch<ChunkRecord & { id: string }>({
      fields: ['text'],
      storeFields: ['documentId', 'chunk', 'text'],
      tokenize: splitWords,
      processTerm: toTerm,
    });
    const chunks = await listTenantChunks(table, tenantId);
    search.addAll(chunks.map((c) => ({ ...c, id: `${c.documentId}#${c.chunk}` })));
    const built = { version, search };
    cache.set(tenantId, built);
    if (cache.size > maxTenants) cache.delete(cache.keys().next().value as string);
    return built;
  };

  return {
    kind: 'embedded',
    async search(tenantId, query, k) {
      const queryTerms = new Set(terms(query));
      if (queryTerms.size === 0) return [];
      const { search } = await indexFor(tenantId);
      const results = search.search(query, {
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
    },
    // Chunks are already in the table; the next search sees the new knowledge version.
    async upsert() {},
    async removeDocument() {},
  };
};
