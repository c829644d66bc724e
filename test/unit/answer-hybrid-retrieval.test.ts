import { describe, expect, it } from 'vitest';
import { createHybridIndex } from '../../functions/knowledge/hybrid-index.js';
import type { KnowledgeIndex, SearchHit } from '../../functions/knowledge/knowledge-index.js';

const fixed = (kind: string, hits: SearchHit[]): KnowledgeIndex & { upserts: number } => ({
  kind,
  upserts: 0,
  async search(_tenant, _query, k) {
    return hits.slice(0, k);
  },
  async upsert() {
    this.upserts++;
  },
  async removeDocument() {},
});
const hit = (chunk: number, score: number): SearchHit => ({
  documentId: 'd',
  chunk,
  score,
  text: `chunk ${chunk}`,
});

describe('hybrid retrieval', () => {
  it('ranks chunks both sides found first, and keeps the stronger relevance score', async () => {
    const lexical = fixed('embedded', [hit(1, 0.9), hit(2, 0.6), hit(3, 0.55)]);
    const vector = fixed('vector', [hit(2, 0.8), hit(4, 0.7), hit(1, 0.3)]);
    const hybrid = createHybridIndex(lexical, vector);

    const hits = await hybrid.search('t', 'q', 3);

    expect(hits.map((h) => h.chunk)).toEqual([2, 1, 4]);
    expect(hits.map((h) => h.score)).toEqual([0.8, 0.9, 0.7]);
    expect(hybrid.kind).toBe('hybrid (embedded + vector)');
  });

  it('writes to both sides', async () => {
    const lexical = fixed('embedded', []);
    const vector = fixed('vector', []);
    await createHybridIndex(lexical, vector).upsert('t', [{ documentId: 'd', chunk: 0, text: 'x' }]);
    expect([lexical.upserts, vector.upserts]).toEqual([1, 1]);
  });
});
