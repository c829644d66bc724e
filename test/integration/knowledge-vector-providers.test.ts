import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../functions/knowledge/openai-embeddings.js';
import { calibrateCosine, createPineconeIndex } from '../../functions/knowledge/pinecone-index.js';
import { makePdf } from '../../tools/fixtures/document-fixtures.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import {
  EMBEDDING_DIMENSIONS,
  fakeEmbedding,
  startFakeOpenAi,
  startFakePinecone,
} from '../support/fake-vector-services.js';
import { startTestStack } from '../support/local-stack.js';

let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let pinecone: Awaited<ReturnType<typeof startFakePinecone>>;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  pinecone = await startFakePinecone({ pageSize: 3 });
});
afterAll(async () => {
  await openai?.close();
  await pinecone?.close();
});

const embedder = (batchSize = 100) =>
  createOpenAiEmbedder({
    apiKey: async () => 'sk-test',
    baseUrl: openai.baseUrl,
    model: 'text-embedding-3-small',
    batchSize,
    maxRetries: 2,
  });

const index = () =>
  createPineconeIndex({
    apiKey: async () => 'pc-test',
    indexName: 'frontdesk-test',
    host: pinecone.host,
    embedder: embedder(),
  });

describe('OpenAI embeddings through the real client', () => {
  it('embeds in batches of the configured size, in input order, with the configured model', async () => {
    // Prepare
    const texts = ['pizza margherita', 'free parking', 'opening hours', 'gift cards', 'delivery'];
    const before = openai.requests.length;

    // Act
    const vectors = await embedder(2).embed(texts);

    // Assess
    const sent = openai.requests.slice(before);
    expect(sent.map((r) => (r.body.input as string[]).length)).toEqual([2, 2, 1]);
    expect(sent.every((r) => r.body.model === 'text-embedding-3-small')).toBe(true);
    expect(sent[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(vectors).toHaveLength(5);
    expect(vectors[1]).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(vectors[1]![0]).toBeCloseTo(fakeEmbedding('free parking')[0]!, 5);
  });

  it('retries a rate-limited request and then succeeds', async () => {
    // Prepare
    openai.failNextRequests(2);
    const before = openai.requests.length;

    // Act
    const [vector] = await embedder().embed(['retry me']);

    // Assess
    expect(openai.requests.length - before).toBe(3);
    expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
  });
});

describe('calibrateCosine', () => {
  it('maps text-embedding-3 cosines onto the relevance scale the answerers share, keeping order', () => {
    expect([0.05, 0.1, 0.2, 0.3, 0.44, 0.5, 0.9].map(calibrateCosine)).toEqual([0, 0, 0.25, 0.5, 0.85, 1, 1]);
  });
});

describe('Pinecone index through the real client', () => {
  it('upserts into the tenant namespace with <document>#<chunk> ids and the text as metadata', async () => {
    // Act
    await index().upsert('tenant-a', [
      { documentId: 'doc1', chunk: 0, text: 'Margherita pizza costs 9 euros' },
      { documentId: 'doc1', chunk: 1, text: 'Free parking behind the restaurant' },
    ]);

    // Assess
    const upsert = pinecone.requests.findLast((r) => r.path === '/vectors/upsert');
    expect(upsert?.body.namespace).toBe('tenant-a');
    expect(upsert?.headers['api-key']).toBe('pc-test');
    expect(pinecone.idsIn('tenant-a')).toEqual(['doc1#0', 'doc1#1']);
    expect(pinecone.idsIn('tenant-b')).toEqual([]);
  });

  it('searches only the tenant namespace and returns chunk, text and a score in [0, 1]', async () => {
    // Prepare
    await index().upsert('tenant-b', [
      { documentId: 'docB', chunk: 0, text: 'Free parking on Sundays only' },
    ]);

    // Act
    const hitsA = await index().search('tenant-a', 'where is the free parking', 2);
    const hitsC = await index().search('tenant-c', 'where is the free parking', 2);

    // Assess
    const query = pinecone.requests.findLast((r) => r.path === '/query' && r.body.namespace === 'tenant-a');
    expect(query?.body).toMatchObject({ topK: 2, includeMetadata: true });
    expect(hitsA[0]).toMatchObject({
      documentId: 'doc1',
      chunk: 1,
      text: 'Free parking behind the restaurant',
    });
    expect(hitsA.every((h) => h.documentId === 'doc1' && h.score >= 0 && h.score <= 1)).toBe(true);
    expect(hitsC).toEqual([]);
  });

  it('deletes every vector of one document, across list pages, and nothing else', async () => {
    // Prepare
    const chunks = Array.from({ length: 7 }, (_, chunk) => ({
      documentId: 'big',
      chunk,
      text: `part ${chunk}`,
    }));
    await index().upsert('tenant-a', chunks);

    // Act
    await index().removeDocument('tenant-a', 'big');

    // Assess
    const lists = pinecone.requests.filter((r) => r.path === '/vectors/list');
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const deletes = pinecone.requests.filter((r) => r.path === '/vectors/delete');
    expect(deletes.at(-1)?.body.namespace).toBe('tenant-a');
    expect(pinecone.idsIn('tenant-a')).toEqual(['doc1#0', 'doc1#1']);
    expect(pinecone.idsIn('tenant-b')).toEqual(['docB#0']);
  });
});

describe('the local stack with Pinecone and OpenAI configured', () => {
  it('embeds an uploaded PDF into the tenant namespace and searches it there', async () => {
    // Prepare
    const stack = await startTestStack({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseUrl,
        PINECONE_API_KEY: 'pc-test',
        PINECONE_INDEX: 'frontdesk-local',
        PINECONE_HOST: pinecone.host,
      },
    });
    try {
      const owner = await createTenantClient(stack, 'Vector Bistro');
      const pdf = await makePdf([['Corkage fee is 15 euros per bottle.']]);
      const created = await owner.call('POST', '/v1/documents', {
        filename: 'wine.pdf',
        size: pdf.byteLength,
      });

      // Act
      await uploadToPresignedPost(created.json.upload, pdf, 'wine.pdf');
      await stack.idle();
      const document = await owner.call('GET', `/v1/documents/${created.json.documentId}`);
      const search = await owner.call('POST', '/v1/search', { query: 'corkage fee per bottle', k: 1 });

      // Assess
      expect(stack.providers.retrieval).toContain('pinecone');
      expect(document.json.status).toBe('ready');
      expect(pinecone.idsIn(owner.tenantId)).toEqual([`${created.json.documentId}#0`]);
      expect(search.json.results[0]).toMatchObject({ documentId: created.json.documentId, chunk: 0 });
      expect(search.json.results[0].text).toContain('Corkage fee is 15 euros');
    } finally {
      await stack.close();
    }
  });
});
