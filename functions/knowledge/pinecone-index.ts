import type { Index } from '@pinecone-database/pinecone';
import { ConfigurationError } from '../platform/errors.js';
import { layerModule } from '../platform/layer-modules.js';
import type { KnowledgeIndex, SearchHit } from './knowledge-index.js';
import type { Embedder } from './openai-embeddings.js';

export interface PineconeIndexOptions {
  apiKey: () => Promise<string | undefined>;
  /** One index per stage. */
  indexName: string;
  /** The data-plane host; without it the client looks it up by name (describeIndex). */
  host?: string;
  embedder: Embedder;
}

type ChunkMetadata = { documentId: string; chunk: number; text: string };

/** Vector ids are `<documentId>#<chunk>`, so a document's vectors can be listed by prefix. */
const vectorId = (documentId: string, chunk: number) => `${documentId}#${chunk}`;
const vectorIdPrefix = (documentId: string) => `${documentId}#`;

/**
 * OpenAI's text-embedding-3 models give a relevant question and its passage a cosine of about
 * 0.4 to 0.5, and unrelated text 0.2 or less (published measurements; ada-002 ran far higher).
 * Answerers apply one relevance floor (0.5 by default) whatever the index, so raw cosine would
 * turn most good hits away. This maps cosine 0.1 -> 0, 0.3 -> 0.5 and 0.5 or more -> 1; the
 * order of hits is unchanged, and ANSWER_RELEVANCE_FLOOR still tunes the cut.
 *
 * @example
 * calibrateCosine(0.44) // 0.85
 */
export const calibrateCosine = (cosine: number): number =>
  Math.round(Math.max(0, Math.min(1, (cosine - 0.1) / 0.4)) * 1000) / 1000;

/** Pinecone's client (0.6 MB) comes from the vendor layer when a Pinecone index is first used. */
const pinecone = layerModule<typeof import('@pinecone-database/pinecone')>('@pinecone-database/pinecone');

const UPSERT_BATCH = 100;
const DELETE_BATCH = 1000;

/**
 * Pinecone behind the retrieval interface: one index per stage, one namespace per tenant (a
 * query names its namespace, so it can never see another tenant's vectors), the chunk text in
 * the metadata so a hit needs no second lookup. Deleting a document lists its ids by prefix and
 * deletes them, which works on serverless indexes where delete-by-metadata does not.
 */
export const createPineconeIndex = (options: PineconeIndexOptions): KnowledgeIndex => {
  let index: Promise<Index<ChunkMetadata>> | undefined;
  const indexFor = () => {
    index ??= options.apiKey().then((apiKey) => {
      if (!apiKey) throw new ConfigurationError('PINECONE_API_KEY is not set; the vector index needs it');
      const client = new (pinecone().Pinecone)({ apiKey });
      return client.index<ChunkMetadata>({ name: options.indexName, host: options.host });
    });
    index.catch(() => {
      index = undefined;
    });
    return index;
  };
  const namespace = async (tenantId: string) => (await indexFor()).namespace(tenantId);

  return {
    kind: `pinecone (${options.indexName}, ${options.embedder.model})`,

    async search(tenantId, query, k) {
      if (!query.trim()) return [];
      const [vector] = await options.embedder.embed([query], tenantId);
      const response = await (await namespace(tenantId)).query({
        vector: vector!,
        topK: k,
        includeMetadata: true,
      });
      return (response.matches ?? []).flatMap((match): SearchHit[] =>
        match.metadata
          ? [
              {
                documentId: match.metadata.documentId,
                chunk: Number(match.metadata.chunk),
                text: match.metadata.text,
                score: calibrateCosine(match.score ?? 0),
              },
            ]
          : [],
      );
    },

    async upsert(tenantId, chunks) {
      const target = await namespace(tenantId);
      for (let start = 0; start < chunks.length; start += UPSERT_BATCH) {
        const batch = chunks.slice(start, start + UPSERT_BATCH);
        const vectors = await options.embedder.embed(
          batch.map((c) => c.text),
          tenantId,
        );
        await target.upsert({
          records: batch.map((c, i) => ({
            id: vectorId(c.documentId, c.chunk),
            values: vectors[i]!,
            metadata: { documentId: c.documentId, chunk: c.chunk, text: c.text },
          })),
        });
      }
    },

    async removeDocument(tenantId, documentId) {
      const target = await namespace(tenantId);
      const ids: string[] = [];
      let paginationToken: string | undefined;
      do {
        const page = await target.listPaginated({ prefix: vectorIdPrefix(documentId), paginationToken });
        ids.push(...(page.vectors ?? []).flatMap((v) => (v.id ? [v.id] : [])));
        paginationToken = page.pagination?.next;
      } while (paginationToken);
      for (let start = 0; start < ids.length; start += DELETE_BATCH) {
        await target.deleteMany({ ids: ids.slice(start, start + DELETE_BATCH) });
      }
    },
  };
};
