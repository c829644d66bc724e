import type { KnowledgeIndex, SearchHit } from './knowledge-index.js';

/** Reciprocal rank fusion's damping constant (the usual 60). */
const RRF_K = 60;

/**
 * Lexical and vector retrieval fused: both indexes are asked for more than `k`, hits are
 * ordered by reciprocal rank fusion (robust to the two scales), and each keeps the stronger of
 * its two relevance scores, so the answerers' relevance floor means what it meant for either
 * index alone. Writes go to both. The lexical side is the embedded BM25 over the table, which
 * needs no service; the vector side exists only when embeddings are configured.
 */
export const createHybridIndex = (lexical: KnowledgeIndex, vector: KnowledgeIndex): KnowledgeIndex => ({
  kind: `hybrid (${lexical.kind} + ${vector.kind})`,
  readsKnowledgeChanges: lexical.readsKnowledgeChanges,
  async search(tenantId, query, k, read) {
    const depth = Math.max(k * 2, 10);
    const [fromLexical, fromVector] = await Promise.all([
      lexical.search(tenantId, query, depth, read),
      vector.search(tenantId, query, depth),
    ]);
    const fused = new Map<string, { hit: SearchHit; rrf: number }>();
    for (const list of [fromLexical, fromVector]) {
      list.forEach((hit, rank) => {
        const key = `${hit.documentId}#${hit.chunk}`;
        const seen = fused.get(key);
        const rrf = 1 / (RRF_K + rank + 1);
        if (!seen) fused.set(key, { hit, rrf });
        else
          fused.set(key, {
            hit: { ...seen.hit, score: Math.max(seen.hit.score, hit.score) },
            rrf: seen.rrf + rrf,
          });
      });
    }
    return [...fused.values()]
      .sort((a, b) => b.rrf - a.rrf)
      .slice(0, k)
      .map((f) => f.hit);
  },
  async upsert(tenantId, chunks) {
    await Promise.all([lexical.upsert(tenantId, chunks), vector.upsert(tenantId, chunks)]);
  },
  async removeDocument(tenantId, documentId) {
    await Promise.all([
      lexical.removeDocument(tenantId, documentId),
      vector.removeDocument(tenantId, documentId),
    ]);
  },
});
