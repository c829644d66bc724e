import { parentPort } from 'node:worker_threads';
import { getResolvedPDFJS } from 'unpdf';
import type { DocumentKind } from './document-types.js';
import { DocumentRejectedError } from './errors.js';
import { extractDocument } from './extract.js';

export interface ExtractionJob {
  kind: DocumentKind;
  bytes: Uint8Array;
  filename: string;
  maxInflatedBytes: number;
  /** Photos and scanned PDFs are read with the embedded OCR engine, at most this many pages. */
  ocr?: { maxPages: number };
  /** Instead of extracting: convert the photo to a JPEG another OCR engine accepts (HEIC). */
  convert?: 'jpeg';
}

/** What the worker answers; errors cross the thread boundary as plain data. */
export type ExtractionReply =
  /** Sent once, when the extractors have loaded: the job's clock starts after it. */
  | { outcome: 'ready' }
  | { outcome: 'extracted'; extraction: Awaited<ReturnType<typeof extractDocument>> }
  | { outcome: 'converted'; bytes: Uint8Array }
  | { outcome: 'rejected'; code: DocumentRejectedError['code']; message: string; cause?: string }
  | { outcome: 'failed'; name: string; message: string; stack?: string };

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * The extraction worker thread: one job at a time from the sandbox, each answered with the
 * blocks or the reason. It holds no state between jobs beyond loaded modules, so the sandbox
 * may stop it at any moment and start another.
 */
parentPort?.on('message', async (job: ExtractionJob) => {
  let reply: ExtractionReply;
  try {
    reply = job.convert
      ? { outcome: 'converted', bytes: await convertPhoto(job) }
      : {
          outcome: 'extracted',
          extraction: await extractDocument(job.kind, job.bytes, job.filename, job.maxInflatedBytes, job.ocr),
        };
  } catch (error) {
    reply =
      error instanceof DocumentRejectedError
        ? {
            outcome: 'rejected',
            code: error.code,
            message: error.message,
            cause: error.cause === undefined ? undefined : describe(error.cause),
          }
        : {
            outcome: 'failed',
            name: (error as Error)?.name ?? 'Error',
            message: describe(error),
            stack: (error as Error)?.stack,
          };
  }
  parentPort?.postMessage(reply);
});

/** HEIC is the one photo format Textract cannot read; the converter loads on the first one. */
const convertPhoto = async (job: ExtractionJob): Promise<Uint8Array> => {
  if (job.kind !== 'heic') throw new Error(`only HEIC photos are converted, not ${job.kind}`);
  return (await import('./ocr/photo-for-textract.js')).heicAsJpeg(
    job.bytes,
    job.filename,
    job.maxInflatedBytes,
  );
};

// pdf.js rejects some of its own promises on damaged files, where nothing can await them; the
// job's own outcome still arrives. Unhandled, they would end the thread mid-job.
process.on('unhandledRejection', (reason) => {
  console.warn(`extraction worker: stray rejection inside an extractor (${describe(reason)})`);
});

// pdf.js loads on first use; load it now, so it is not charged to the first document's time.
await getResolvedPDFJS();
parentPort?.postMessage({ outcome: 'ready' } satisfies ExtractionReply);
