import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeDocumentChunks, replaceDocumentChunks } from '../../functions/knowledge/document-chunks.js';
import { createEmbeddedIndex } from '../../functions/knowledge/embedded-index.js';
import { addSnippet, deleteSnippet, listSnippets } from '../../functions/knowledge/knowledge-base.js';
import type { KnowledgeIndex } from '../../functions/knowledge/knowledge-index.js';
import { createTable, type Table } from '../../functions/store/client.js';
import { deleteDocumentRecord, putDocument } from '../../functions/store/documents.js';
import { readKnowledgeChanges } from '../../functions/store/knowledge-changes.js';
import { createTenant } from '../../functions/store/tenants.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { meterDynamo } from '../../tools/bench/dynamo-meter.js';

const TABLE = 'frontdesk-knowledge-sync';
const REGION = 'us-east-1';
const DOCUMENTS = 12;
const CHUNKS_PER_DOCUMENT = 10;

let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
/** The ingest worker's (and admin API's) own client and index. */
let writer: { table: Table; index: KnowledgeIndex };
/** The answer worker's: a separate process in AWS, with its reads counted. */
let reader: { table: Table; index: KnowledgeIndex; meter: ReturnType<typeof meterDynamo> };

const tableClient = () =>
  createTable(TABLE, { region: REGION, endpoint: dynamo.endpoint, credentials: LOCAL_AWS_CREDENTIALS });

const documentId = (n: number) => `doc${String(n).padStart(3, '0')}`;
/** Each document has its own word, so a search for it names the document. */
const wordOf = (n: number) =>
  `topic${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}`;
const passages = (n: number, extra = '') =>
  Array.from(
    { length: CHUNKS_PER_DOCUMENT },
    (_, c) => `Passage ${c} about ${wordOf(n)} ${extra} with the usual opening hours and delivery details.`,
  );

const seedTenant = async (name: string): Promise<string> => {
  const { tenantId } = await createTenant(writer.table, {
    name,
    codeFor: (attempt) =>
      `${name.toLowerCase().slice(0, 6)}_${1000 + attempt + Math.floor(Math.random() * 8000)}`,
  });
  for (let n = 0; n < DOCUMENTS; n++) {
    const now = new Date().toISOString();
    await putDocument(writer.table, {
      tenantId,
      documentId: documentId(n),
      kind: 'file',
      filename: `${wordOf(n)}.txt`,
      status: 'ready',
      chunks: CHUNKS_PER_DOCUMENT,
      createdAt: now,
      updatedAt: now,
    });
    await replaceDocumentChunks(writer, tenantId, documentId(n), passages(n));
  }
  return tenantId;
};

const documentsFound = async (index: KnowledgeIndex, tenantId: string, query: string) =>
  new Set((await index.search(tenantId, query, 10)).map((hit) => hit.documentId));

let tenantId: string;

beforeAll(async () => {
  dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName: TABLE, region: REGION });
  const writerTable = tableClient();
  writer = { table: writerTable, index: createEmbeddedIndex(writerTable) };
});
afterAll(async () => {
  await dynamo?.close();
});
beforeEach(async () => {
  tenantId = await seedTenant(`Tenant${Math.floor(Math.random() * 1e6)}`);
  const readerTable = tableClient();
  reader = {
    table: readerTable,
    index: createEmbeddedIndex(readerTable),
    meter: meterDynamo(readerTable.client),
  };
  // Warm: the first search in a process builds the tenant's index from its documents.
  expect(await documentsFound(reader.index, tenantId, wordOf(3))).toEqual(new Set([documentId(3)]));
  reader.meter.reset();
});

describe('the embedded index after a knowledge change', () => {
  it('finds a fact added by chat, reading only that fact', async () => {
    // Act
    const fact = await addSnippet(writer, tenantId, 'Our rooftop terrace opens for brunch on Sundays.');
    const found = await reader.index.search(tenantId, 'Is the rooftop terrace open for brunch?', 5);
    const usage = reader.meter.read();

    // Assess
    expect(found[0]).toMatchObject({ documentId: fact.documentId, text: expect.stringContaining('rooftop') });
    expect(usage.calls).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(usage.itemsRead).toBe(2); // the change record and the fact's one chunk
  });

  it('serves no chunk of a deleted document', async () => {
    // Prepare
    await addSnippet(writer, tenantId, 'The parking garage closes at midnight.');
    expect((await reader.index.search(tenantId, 'parking garage', 5))[0]?.text).toContain('garage');
    reader.meter.reset();

    // Act
    const [fact] = await listSnippets(writer, tenantId);
    await deleteSnippet(writer, tenantId, fact!.number);
    await removeDocumentChunks(writer, tenantId, documentId(5));
    await deleteDocumentRecord(writer.table, tenantId, documentId(5));
    const parking = await reader.index.search(tenantId, 'parking garage', 5);
    const usage = reader.meter.read();
    const deleted = await documentsFound(reader.index, tenantId, wordOf(5));

    // Assess
    expect(parking.filter((hit) => hit.text.includes('garage'))).toEqual([]);
    expect(deleted.has(documentId(5))).toBe(false);
    // The change record, then the two documents, found empty.
    expect(usage.calls).toEqual({ GetItemCommand: 1, QueryCommand: 2 });
    expect(usage.itemsRead).toBe(1);
  });

  it('replaces a reindexed document, old passages gone and new ones found', async () => {
    // Act
    await replaceDocumentChunks(writer, tenantId, documentId(7), ['Now we also sell sourdough loaves.']);
    const oldWord = await documentsFound(reader.index, tenantId, wordOf(7));
    const usage = reader.meter.read();
    const newWord = await reader.index.search(tenantId, 'sourdough loaves', 5);

    // Assess
    expect(oldWord.has(documentId(7))).toBe(false);
    expect(newWord.map((hit) => hit.documentId)).toEqual([documentId(7)]);
    expect(usage.itemsRead).toBe(2); // the change record and the one new chunk
  });

  it('catches up several versions at once, reading only the documents that changed', async () => {
    // Prepare: the reader saw version v; the ingest worker and the admin API then move it on
    const before = (await readKnowledgeChanges(writer.table, tenantId)).version;
    await replaceDocumentChunks(writer, tenantId, documentId(1), passages(1, 'espresso'));
    await replaceDocumentChunks(writer, tenantId, documentId(1), passages(1, 'cappuccino'));
    await Promise.all([
      addSnippet(writer, tenantId, 'Dogs are welcome on the patio.'),
      replaceDocumentChunks(writer, tenantId, documentId(2), ['Our wifi password is on the menu.']),
      removeDocumentChunks(writer, tenantId, documentId(4)),
    ]);
    expect((await readKnowledgeChanges(writer.table, tenantId)).version).toBe(before + 5);

    // Act
    const coffee = await reader.index.search(tenantId, `${wordOf(1)} cappuccino`, 3);
    const usage = reader.meter.read();
    const dogs = await reader.index.search(tenantId, 'dogs patio', 3);
    const wifi = await reader.index.search(tenantId, 'wifi password', 3);
    const espresso = await reader.index.search(tenantId, 'espresso', 3);
    const removed = await documentsFound(reader.index, tenantId, wordOf(4));

    // Assess
    expect(coffee[0]?.text).toContain('cappuccino');
    expect(dogs[0]?.text).toContain('Dogs');
    expect(wifi[0]?.documentId).toBe(documentId(2));
    expect(espresso).toEqual([]);
    expect(removed.has(documentId(4))).toBe(false);
    // Four documents changed: one change record, four queries, 10 + 1 + 1 + 0 chunks.
    expect(usage.calls).toEqual({ GetItemCommand: 1, QueryCommand: 4 });
    expect(usage.itemsRead).toBe(1 + CHUNKS_PER_DOCUMENT + 2);
  });

  it('catches up once for searches that arrive together', async () => {
    // Prepare
    await addSnippet(writer, tenantId, 'Birthday cakes need two days notice.');

    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () => reader.index.search(tenantId, 'birthday cake', 3)),
    );
    const usage = reader.meter.read();

    // Assess
    for (const hits of results) expect(hits[0]?.text).toContain('Birthday');
    expect(usage.calls.QueryCommand).toBe(1);
  });

  it('rebuilds from the documents when it is further behind than the kept changes', async () => {
    // Prepare: more changes than the change record keeps while the reader is idle
    for (let i = 0; i < 160; i++) await addSnippet(writer, tenantId, `Daily special number ${i} is lasagne.`);
    const changes = await readKnowledgeChanges(writer.table, tenantId);
    expect(changes.prunedThrough).toBeGreaterThan(0);
    expect(changes.changedAt.size).toBeLessThanOrEqual(150);
    await removeDocumentChunks(writer, tenantId, documentId(0));
    reader.meter.reset();

    // Act
    const specials = await reader.index.search(tenantId, 'daily special 159 lasagne', 200);
    const gone = await documentsFound(reader.index, tenantId, wordOf(0));

    // Assess
    expect(specials.filter((hit) => hit.text.includes('lasagne'))).toHaveLength(160);
    expect(gone.has(documentId(0))).toBe(false);
    expect(reader.meter.read().calls.QueryCommand).toBeGreaterThan(DOCUMENTS);
  });

  it('keeps each tenant to its own chunks', async () => {
    // Prepare: another tenant with the same words
    const other = await seedTenant('Other');
    await addSnippet(writer, other, 'Valet parking is free for members.');

    // Act
    const ours = await reader.index.search(tenantId, `valet parking ${wordOf(3)}`, 20);
    const theirs = await reader.index.search(other, `valet parking ${wordOf(3)}`, 20);

    // Assess
    expect(ours.some((hit) => hit.text.includes('Valet'))).toBe(false);
    expect(theirs[0]?.text).toContain('Valet');
  });
});
