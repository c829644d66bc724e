import {
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  type Block as TextractBlock,
  TextractClient,
} from '@aws-sdk/client-textract';
import { FrontdeskError } from '../../platform/errors.js';
import type { Extraction } from '../blocks.js';
import { DocumentRejectedError } from '../errors.js';
import type { DocumentExtractor } from '../extraction-sandbox.js';
import type { OcrEngine, OcrLimits } from './ocr-engine.js';
import { type RecognisedPage, recognisedExtraction } from './recognised-text.js';

/** Textract's job ended in failure, or did not finish in time: the queue retries the document. */
export class TextractJobError extends FrontdeskError {}

const POLL_MS = 2_000;

/**
 * Amazon Textract on the object already in the uploads bucket: `DetectDocumentText` for a photo
 * (one synchronous call), the asynchronous `StartDocumentTextDetection` for a PDF (any number
 * of pages), polled until it ends, its pages read through `NextToken`. Lines become paragraphs
 * at vertical gaps, with Textract's confidence per line. Textract reads JPEG, PNG, PDF and TIFF
 * but not HEIC: a HEIC photo is converted to a JPEG in the extraction sandbox (under its limits)
 * and sent as the call's bytes (at most 5 MB, which the conversion keeps to), so no second
 * object is written and the function's IAM stays as it is.
 */
export const createTextractOcr = (options: {
  region: string;
  bucket: string;
  limits: OcrLimits;
  /** Converts HEIC photos to JPEG (the extraction sandbox). */
  converter: Pick<DocumentExtractor, 'heicAsJpeg'>;
  client?: TextractClient;
  pollMs?: number;
}): OcrEngine => {
  const client = options.client ?? new TextractClient({ region: options.region });
  const s3Object = (objectKey: string) => ({ S3Object: { Bucket: options.bucket, Name: objectKey } });
  return {
    name: 'textract',
    async read({ kind, bytes, filename, objectKey }): Promise<Extraction> {
      if (kind !== 'pdf') {
        const document =
          kind === 'heic'
            ? { Bytes: await options.converter.heicAsJpeg(bytes, filename) }
            : s3Object(objectKey);
        const { Blocks = [] } = await client.send(new DetectDocumentTextCommand({ Document: document }));
        return recognisedExtraction(pagesOf(Blocks, 1), filename);
      }
      const { JobId } = await client.send(
        new StartDocumentTextDetectionCommand({ DocumentLocation: s3Object(objectKey) }),
      );
      const deadline = Date.now() + options.limits.timeoutMs;
      for (;;) {
        const first = await client.send(new GetDocumentTextDetectionCommand({ JobId }));
        if (first.JobStatus === 'FAILED')
          throw new TextractJobError(
            `Textract could not read ${filename}: ${first.StatusMessage ?? 'failed'}`,
          );
        if (first.JobStatus === 'SUCCEEDED' || first.JobStatus === 'PARTIAL_SUCCESS') {
          const pageCount = first.DocumentMetadata?.Pages ?? 1;
          if (pageCount > options.limits.maxPages) {
            throw new DocumentRejectedError(
              'too-long',
              `"${filename}" is a scan of ${pageCount} pages; at most ${options.limits.maxPages} scanned pages are read. Upload the pages customers ask about`,
            );
          }
          const blocks = [...(first.Blocks ?? [])];
          for (let token = first.NextToken; token; ) {
            const next = await client.send(new GetDocumentTextDetectionCommand({ JobId, NextToken: token }));
            blocks.push(...(next.Blocks ?? []));
            token = next.NextToken;
          }
          return recognisedExtraction(pagesOf(blocks, pageCount), filename);
        }
        if (Date.now() > deadline)
          throw new TextractJobError(`Textract did not finish reading ${filename} in time`);
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? POLL_MS));
      }
    },
  };
};

/** A vertical gap taller than this (in page heights) between two lines starts a new paragraph. */
const PARAGRAPH_GAP = 0.025;

/** LINE blocks per page, top to bottom, with a blank line at each paragraph gap. */
export const pagesOf = (blocks: readonly TextractBlock[], pageCount: number): RecognisedPage[] => {
  const pages: RecognisedPage[] = Array.from({ length: Math.max(1, pageCount) }, () => []);
  const lastBottom = new Map<number, number>();
  for (const block of blocks) {
    if (block.BlockType !== 'LINE' || !block.Text) continue;
    const index = Math.min(pages.length, Math.max(1, block.Page ?? 1)) - 1;
    const box = block.Geometry?.BoundingBox;
    const previous = lastBottom.get(index);
    if (box?.Top !== undefined && previous !== undefined && box.Top - previous > PARAGRAPH_GAP)
      pages[index]!.push({ text: '', confidence: 100 });
    if (box?.Top !== undefined) lastBottom.set(index, box.Top + (box.Height ?? 0));
    pages[index]!.push({ text: block.Text, confidence: block.Confidence ?? 0 });
  }
  return pages;
};
