import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median, round } from './stats.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface IngestFigures {
  pagesPerSec: number;
  chunksPerSec: number;
  peakRssMb: number;
  documents: number;
  rejected: number;
  pages: number;
  chunks: number;
  /** What was measured: the ingest worker's extractor and chunker, or the unpdf fallback. */
  pipeline: string;
}

type Extract = (bytes: Uint8Array, filename: string) => Promise<{ texts: string[]; pages: number }>;
type Chunk = (texts: string[]) => string[];

/**
 * The ingest worker's own `extractDocument` + `chunkBlocks` when they exist; otherwise unpdf's
 * text per page cut into paragraph chunks. Loaded by path so the bench runs on either.
 */
const loadPipeline = async (): Promise<{ name: string; extract: Extract; chunk: Chunk }> => {
  const extractFile = join(REPO_ROOT, 'functions/ingest/extract.ts');
  const chunkerFile = join(REPO_ROOT, 'functions/ingest/chunker.ts');
  if (existsSync(extractFile) && existsSync(chunkerFile)) {
    const { extractDocument } = await import(pathToFileURL(extractFile).href);
    const { chunkBlocks } = await import(pathToFileURL(chunkerFile).href);
    let blocks: unknown[] = [];
    return {
      name: 'functions/ingest extractDocument(pdf) + chunkBlocks (350 tokens, 50 overlap)',
      extract: async (bytes, filename) => {
        const extraction = await extractDocument('pdf', bytes, filename);
        blocks = extraction.blocks;
        return { texts: [], pages: extraction.pages };
      },
      chunk: () => chunkBlocks(blocks),
    };
  }
  const { extractText, getDocumentProxy } = await import('unpdf');
  return {
    name: 'unpdf extractText per page + paragraph chunks (no ingest extractor in the tree)',
    extract: async (bytes) => {
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { text } = await extractText(pdf, { mergePages: false });
      return { texts: text as string[], pages: pdf.numPages };
    },
    chunk: (texts) => texts.flatMap((t) => t.split(/\n\s*\n/)).filter((t) => t.trim().length > 0),
  };
};

/** Runs in a child process, so its peak RSS is ingest's alone; prints one JSON line. */
export const ingestChild = async (corpus: string, passes: number): Promise<void> => {
  const pipeline = await loadPipeline();
  const files = readdirSync(corpus)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort();
  const documents = files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(corpus, f))) }));
  const rates: Array<{ pages: number; chunks: number }> = [];
  let totals = { pages: 0, chunks: 0, rejected: 0 };
  for (let pass = 0; pass < passes; pass++) {
    totals = { pages: 0, chunks: 0, rejected: 0 };
    const started = performance.now();
    for (const document of documents) {
      try {
        const extraction = await pipeline.extract(document.bytes, document.name);
        totals.pages += extraction.pages;
        totals.chunks += pipeline.chunk(extraction.texts).length;
      } catch {
        // Damaged, image-only and fuzzed PDFs are part of the corpus: their time counts, their pages do not.
        totals.rejected++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    rates.push({ pages: totals.pages / seconds, chunks: totals.chunks / seconds });
  }
  const figures: IngestFigures = {
    pagesPerSec: round(median(rates.map((r) => r.pages)), 1),
    chunksPerSec: round(median(rates.map((r) => r.chunks)), 1),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
    documents: documents.length,
    rejected: totals.rejected,
    pages: totals.pages,
    chunks: totals.chunks,
    pipeline: pipeline.name,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
};

/** Ingest throughput and peak memory, measured in a fresh process over `passes` runs of the corpus. */
export const measureIngest = async (
  benchEntry: string,
  corpus: string,
  passes: number,
): Promise<IngestFigures> => {
  const { stdout } = await run(
    process.execPath,
    [...process.execArgv, benchEntry, '--ingest-child', corpus, '--passes', String(passes)],
    { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' }, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as IngestFigures;
};
