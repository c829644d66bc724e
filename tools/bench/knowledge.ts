import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { replaceDocumentChunks } from '../../functions/knowledge/document-chunks.js';
import { createEmbeddedIndex } from '../../functions/knowledge/embedded-index.js';
import { addSnippet, deleteSnippet, listSnippets } from '../../functions/knowledge/knowledge-base.js';
import { createTable, type Table } from '../../functions/store/client.js';
import { putDocument } from '../../functions/store/documents.js';
import { createTenant } from '../../functions/store/tenants.js';
import { LOCAL_AWS_CREDENTIALS } from '../../local-stack/dynamo.js';
import { startDynaliteProcess } from './dynalite-child.js';
import { type DynamoUsage, meterDynamo, totalCalls } from './dynamo-meter.js';
import { createFullRereadIndex } from './full-reread-index.js';
import { createKnowledgeCorpus } from './knowledge-corpus.js';
import { elapsedMs, median, round } from './stats.js';

const run = promisify(execFile);
const TABLE = 'frontdesk-bench-knowledge';
const REGION = 'us-east-1';

/** The default plan's knowledge quota: 100 documents, 5,000 chunks. */
export const QUOTA = { documents: 100, chunksPerDocument: 50, wordsPerChunk: 300 };
const CHANGES = ['add a fact (!add)', 'replace a 50-chunk document (reindex)', 'delete a fact'] as const;

export interface SearchFigures {
  medianMs: number;
  dynamoCalls: number;
  readUnits: number;
  itemsRead: number;
}

export interface KnowledgeFigures {
  tenant: { documents: number; chunks: number; wordsPerChunk: number; bytesPerChunk: number };
  /** Knowledge changes made, each followed by one timed search on each index. */
  rounds: number;
  firstSearchAfterChange: {
    /** Before: every chunk of the tenant read again through gsi1 and indexed from scratch. */
    fullReread: SearchFigures;
    /** After: the change record read, then only the changed document's chunks. */
    inPlace: SearchFigures;
    byChange: Record<string, { fullRereadMs: number; inPlaceMs: number }>;
  };
  /** A fresh process (as a Lambda cold start): builds the tenant's index from its documents. */
  coldProcessFirstSearch: SearchFigures & { runs: number };
  /** The same with the index as it was: every chunk through gsi1. */
  coldProcessFirstSearchFullReread: SearchFigures & { runs: number };
  seedSeconds: number;
}

const tableAt = (endpoint: string): Table =>
  createTable(TABLE, { region: REGION, endpoint, credentials: LOCAL_AWS_CREDENTIALS });

interface Sample {
  ms: number;
  usage: DynamoUsage;
}

const timedSearch = async (
  meter: ReturnType<typeof meterDynamo>,
  search: () => Promise<unknown>,
): Promise<Sample> => {
  meter.reset();
  const started = performance.now();
  await search();
  return { ms: elapsedMs(started), usage: meter.read() };
};

const summarize = (samples: readonly Sample[]): SearchFigures => ({
  medianMs: round(median(samples.map((s) => s.ms)), 1),
  dynamoCalls: median(samples.map((s) => totalCalls(s.usage))),
  readUnits: round(median(samples.map((s) => s.usage.readUnits)), 1),
  itemsRead: median(samples.map((s) => s.usage.itemsRead)),
});

/**
 * The first search after a knowledge change for a tenant at its quota, with the embedded index:
 * the full reread it used to do against the in-place catch-up, both warm in this process and
 * metered on their own table clients, against dynalite in a child process; then the first
 * search of fresh processes.
 */
export const measureKnowledge = async (options: {
  benchEntry: string;
  rounds: number;
  coldRuns: number;
}): Promise<KnowledgeFigures> => {
  const dynalite = await startDynaliteProcess(options.benchEntry, TABLE, REGION);
  try {
    const corpus = createKnowledgeCorpus();
    const writerTable = tableAt(dynalite.endpoint);
    const writer = { table: writerTable, index: createEmbeddedIndex(writerTable) };
    const { tenantId } = await createTenant(writerTable, {
      name: 'Quota Bistro',
      codeFor: (a) => `quota_${1000 + a}`,
    });

    const seedStarted = performance.now();
    let bytes = 0;
    const documentIds = Array.from(
      { length: QUOTA.documents },
      (_, d) => `bench${String(d).padStart(4, '0')}`,
    );
    for (const documentId of documentIds) {
      const now = new Date().toISOString();
      const texts = Array.from({ length: QUOTA.chunksPerDocument }, () =>
        corpus.passage(QUOTA.wordsPerChunk),
      );
      bytes += texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
      await putDocument(writerTable, {
        tenantId,
        documentId,
        kind: 'file',
        filename: `${documentId}.pdf`,
        status: 'ready',
        chunks: texts.length,
        createdAt: now,
        updatedAt: now,
      });
      await replaceDocumentChunks(writer, tenantId, documentId, texts);
    }
    const seedSeconds = round(elapsedMs(seedStarted) / 1000, 1);
    const chunks = QUOTA.documents * QUOTA.chunksPerDocument;

    const inPlaceTable = tableAt(dynalite.endpoint);
    const inPlaceMeter = meterDynamo(inPlaceTable.client);
    const inPlace = createEmbeddedIndex(inPlaceTable);
    const fullTable = tableAt(dynalite.endpoint);
    const fullMeter = meterDynamo(fullTable.client);
    const full = createFullRereadIndex(fullTable);
    await inPlace.search(tenantId, corpus.question(), 5);
    await full.search(tenantId, corpus.question(), 5);

    const samples = { fullReread: [] as Sample[], inPlace: [] as Sample[] };
    const byChange = new Map<string, { full: number[]; inPlace: number[] }>();
    for (let round = 0; round < options.rounds; round++) {
      const change = CHANGES[round % CHANGES.length]!;
      if (change === 'add a fact (!add)') await addSnippet(writer, tenantId, corpus.passage(40));
      else if (change === 'delete a fact') {
        const facts = await listSnippets(writer, tenantId);
        await deleteSnippet(writer, tenantId, facts.length);
      } else {
        const texts = Array.from({ length: QUOTA.chunksPerDocument }, () =>
          corpus.passage(QUOTA.wordsPerChunk),
        );
        await replaceDocumentChunks(writer, tenantId, documentIds[round % documentIds.length]!, texts);
      }
      const question = corpus.question();
      // Alternate which goes first, so neither always meets a freshly collected heap.
      const measureFull = () => timedSearch(fullMeter, () => full.search(tenantId, question, 5));
      const measureInPlace = () => timedSearch(inPlaceMeter, () => inPlace.search(tenantId, question, 5));
      let fullSample: Sample;
      let inPlaceSample: Sample;
      if (round % 2 === 0) {
        fullSample = await measureFull();
        inPlaceSample = await measureInPlace();
      } else {
        inPlaceSample = await measureInPlace();
        fullSample = await measureFull();
      }
      samples.fullReread.push(fullSample);
      samples.inPlace.push(inPlaceSample);
      const entry = byChange.get(change) ?? { full: [], inPlace: [] };
      entry.full.push(fullSample.ms);
      entry.inPlace.push(inPlaceSample.ms);
      byChange.set(change, entry);
    }

    const cold = { inPlace: [] as Sample[], fullReread: [] as Sample[] };
    for (let i = 0; i < options.coldRuns; i++) {
      for (const variant of ['in-place', 'full-reread'] as const) {
        const { stdout } = await run(
          process.execPath,
          [
            ...process.execArgv,
            options.benchEntry,
            '--knowledge-cold-child',
            dynalite.endpoint,
            variant,
            tenantId,
            corpus.question(),
          ],
          { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' }, maxBuffer: 16 * 1024 * 1024 },
        );
        const sample = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Sample;
        (variant === 'in-place' ? cold.inPlace : cold.fullReread).push(sample);
      }
    }

    return {
      tenant: {
        documents: QUOTA.documents,
        chunks,
        wordsPerChunk: QUOTA.wordsPerChunk,
        bytesPerChunk: Math.round(bytes / chunks),
      },
      rounds: options.rounds,
      firstSearchAfterChange: {
        fullReread: summarize(samples.fullReread),
        inPlace: summarize(samples.inPlace),
        byChange: Object.fromEntries(
          [...byChange].map(([change, ms]) => [
            change,
            { fullRereadMs: round(median(ms.full), 1), inPlaceMs: round(median(ms.inPlace), 1) },
          ]),
        ),
      },
      coldProcessFirstSearch: { ...summarize(cold.inPlace), runs: cold.inPlace.length },
      coldProcessFirstSearchFullReread: { ...summarize(cold.fullReread), runs: cold.fullReread.length },
      seedSeconds,
    };
  } finally {
    dynalite.stop();
  }
};

/** In a fresh process: the embedded index's first search for the tenant; prints one JSON line. */
export const knowledgeColdChild = async (
  endpoint: string,
  variant: string,
  tenantId: string,
  question: string,
): Promise<void> => {
  const table = tableAt(endpoint);
  const meter = meterDynamo(table.client);
  const index = variant === 'full-reread' ? createFullRereadIndex(table) : createEmbeddedIndex(table);
  const sample = await timedSearch(meter, () => index.search(tenantId, question, 5));
  process.stdout.write(`${JSON.stringify(sample)}\n`);
};
