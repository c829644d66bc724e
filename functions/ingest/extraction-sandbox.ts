import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FrontdeskError } from '../platform/errors.js';
import type { ExtractionLimits } from '../platform/extraction-limits.js';
import type { Extraction } from './blocks.js';
import type { DocumentKind } from './document-types.js';
import { DocumentRejectedError } from './errors.js';
import { needsTooMuchMemory, tooSlowToRead } from './extraction-limits.js';
import type { ExtractionJob, ExtractionReply } from './extraction-worker.js';
import { EXTRACTION_WORKER } from './extraction-worker-file.js';

/** Reads a document's bytes into blocks; the ingest worker's one way to run an extractor. */
export interface DocumentExtractor {
  extract(
    kind: DocumentKind,
    bytes: Uint8Array,
    filename: string,
    options?: ExtractOptions,
  ): Promise<Extraction>;
  /**
   * A HEIC photo as a JPEG, for an OCR engine that cannot read HEIC (Textract): decoded and
   * encoded in the worker thread under the same limits as an extraction.
   */
  heicAsJpeg(bytes: Uint8Array, filename: string): Promise<Uint8Array>;
  /** Stops the worker thread, if one is running. */
  close(): Promise<void>;
}

export interface ExtractOptions {
  /** Read photos and scanned PDFs with the embedded OCR engine: slower, so its own wall time. */
  ocr?: { maxPages: number; timeoutMs: number };
}

/** The extraction worker itself broke (not the document): the queue should retry. */
export class ExtractionWorkerError extends FrontdeskError {}

const MiB = 1024 * 1024;
/** Loading the extractors is no document's fault, so it has its own, generous limit. */
const START_TIMEOUT_MS = 30_000;
/** Often enough that memory grows by a few tens of MB at most between two looks. */
const MEMORY_CHECK_MS = 20;

interface Pending {
  filename: string;
  resolve(result: Extraction | Uint8Array): void;
  reject(error: Error): void;
}

/**
 * Runs extractors in a worker thread under hard limits, so no document can take the ingest
 * worker down: the thread's V8 heap is capped (`resourceLimits`), compressed content may expand
 * only so far (counted in the thread while inflating), and the thread is stopped when an
 * extraction passes its wall time or the process's resident memory grows past the memory limit
 * (typed arrays live outside the heap cap). A stopped or crashed thread is replaced on the next
 * document. One extraction runs at a time; more wait their turn.
 *
 * @example
 * const extractor = createExtractionSandbox(config.ingest.extraction);
 * const { blocks } = await extractor.extract('pdf', bytes, 'menu.pdf');
 */
export function createExtractionSandbox(limits: ExtractionLimits): DocumentExtractor {
  let worker: Running | undefined;
  let pending: Pending | undefined;
  let turn: Promise<unknown> = Promise.resolve();

  const settle = (outcome: { result: Extraction | Uint8Array } | { error: Error }) => {
    const job = pending;
    pending = undefined;
    worker?.thread.unref();
    if (!job) return;
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.result);
  };

  const discard = (error: Error) => {
    const stopping = worker;
    worker = undefined;
    stopping?.failedToStart(error);
    settle({ error });
    void stopping?.thread.terminate();
  };

  const spawn = (): Running => {
    const { script, eval: isCode } = workerScript();
    const thread = new Worker(script, {
      eval: isCode,
      // The parent's flags (tsx's loader, vitest's) are not the thread's business.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    });
    let started!: () => void;
    let failedToStart!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failedToStart = reject;
    });
    ready.catch(() => undefined);
    const running: Running = { thread, ready, failedToStart };
    thread.on('message', (reply: ExtractionReply) => {
      if (reply.outcome === 'ready') started();
      else if (reply.outcome === 'extracted') settle({ result: reply.extraction });
      else if (reply.outcome === 'converted') settle({ result: reply.bytes });
      else if (reply.outcome === 'rejected') {
        settle({ error: new DocumentRejectedError(reply.code, reply.message, { cause: reply.cause }) });
      } else
        settle({
          error: new ExtractionWorkerError(`extraction failed: ${reply.message}`, { cause: reply.stack }),
        });
    });
    // Without an 'error' listener a dying thread would take the whole process with it.
    thread.on('error', (error: Error & { code?: string }) => {
      if (worker !== running) return;
      const filename = pending?.filename ?? 'document';
      discard(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? needsTooMuchMemory(filename, limits.maxHeapMb)
          : new ExtractionWorkerError('the extraction worker thread crashed', { cause: error }),
      );
    });
    thread.on('exit', (code) => {
      if (worker !== running) return;
      discard(new ExtractionWorkerError(`the extraction worker thread exited (code ${code})`));
    });
    return running;
  };

  /** A thread that has loaded the extractors; loading is not part of a job's wall time. */
  const readyWorker = async (): Promise<Running> => {
    const running = worker ?? spawn();
    worker = running;
    running.thread.ref();
    let timer: NodeJS.Timeout | undefined;
    const slowStart = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new ExtractionWorkerError(
          `the extraction worker thread did not start in ${START_TIMEOUT_MS} ms`,
        );
        if (worker === running) discard(error);
        reject(error);
      }, START_TIMEOUT_MS);
    });
    try {
      await Promise.race([running.ready, slowStart]);
    } finally {
      clearTimeout(timer);
    }
    return running;
  };

  const run = async (
    kind: DocumentKind,
    bytes: Uint8Array,
    filename: string,
    options: ExtractOptions & { convert?: 'jpeg' },
  ): Promise<Extraction | Uint8Array> => {
    const running = await readyWorker();
    const timeoutMs = options.ocr?.timeoutMs ?? limits.timeoutMs;
    return new Promise<Extraction | Uint8Array>((resolve, reject) => {
      const baseline = process.memoryUsage.rss();
      const deadline = setTimeout(() => {
        if (worker === running) discard(tooSlowToRead(filename, timeoutMs));
      }, timeoutMs);
      const memoryWatch = setInterval(() => {
        if (worker === running && process.memoryUsage.rss() - baseline > limits.maxMemoryMb * MiB) {
          discard(needsTooMuchMemory(filename, limits.maxMemoryMb));
        }
      }, MEMORY_CHECK_MS);
      const stopWatching = () => {
        clearTimeout(deadline);
        clearInterval(memoryWatch);
      };
      pending = {
        filename,
        resolve: (result) => {
          stopWatching();
          resolve(result);
        },
        reject: (error) => {
          stopWatching();
          reject(error);
        },
      };
      const job: ExtractionJob = {
        kind,
        bytes,
        filename,
        maxInflatedBytes: limits.maxInflatedBytes,
        ...(options.ocr ? { ocr: { maxPages: options.ocr.maxPages } } : {}),
        ...(options.convert ? { convert: options.convert } : {}),
      };
      running.thread.postMessage(job);
    });
  };

  /** One job at a time: each waits for the one before it to settle. */
  const queued = (job: () => Promise<Extraction | Uint8Array>) => {
    const result = turn.then(job);
    turn = result.catch(() => undefined);
    return result;
  };

  return {
    extract: (kind, bytes, filename, options = {}) =>
      queued(() => run(kind, bytes, filename, options)) as Promise<Extraction>,
    heicAsJpeg: (bytes, filename) =>
      queued(() => run('heic', bytes, filename, { convert: 'jpeg' })) as Promise<Uint8Array>,
    async close() {
      const stopping = worker;
      worker = undefined;
      settle({ error: new ExtractionWorkerError('the extraction sandbox was closed') });
      await stopping?.thread.terminate();
    },
  };
}

interface Running {
  thread: Worker;
  /** Resolves when the thread has loaded the extractors. */
  ready: Promise<void>;
  failedToStart(error: Error): void;
}

/** In the Lambda bundle this module is part of `index.mjs`; in source it is a `.ts` file. */
const runsFromSource = () => import.meta.url.endsWith('.ts');

/**
 * The bundle's worker file beside `index.mjs`; in source, a one-line bootstrap that registers
 * tsx in the thread first (Node 20 does not apply `--import tsx` to a worker's own entry).
 */
const workerScript = (): { script: URL | string; eval: boolean } => {
  if (!runsFromSource())
    return { script: new URL(`./${EXTRACTION_WORKER.bundled}`, import.meta.url), eval: false };
  const entry = new URL(`../../${EXTRACTION_WORKER.source}`, import.meta.url).href;
  const tsx = JSON.stringify(tsxEsmApi());
  return {
    script: `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    eval: true,
  };
};

const tsxEsmApi = (): string => {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
};
