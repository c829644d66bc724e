import type { Config } from '../../platform/config.js';
import type { DocumentExtractor } from '../extraction-sandbox.js';
import { createLocalOcr, type OcrEngine } from './ocr-engine.js';
import { createTextractOcr } from './textract-ocr.js';

/**
 * Textract in AWS (the stack sets `OCR_ENGINE=textract`), the embedded engine locally. Textract
 * cannot read HEIC: the extraction sandbox converts those photos to JPEG for it.
 */
export const createOcrEngine = (
  config: Config,
  extractor: Pick<DocumentExtractor, 'extract' | 'heicAsJpeg'>,
): OcrEngine | undefined => {
  const { engine, maxPages, timeoutMs } = config.ingest.ocr;
  if (engine === 'off') return undefined;
  if (engine === 'textract')
    return createTextractOcr({
      region: config.region,
      bucket: config.uploadsBucket,
      limits: { maxPages, timeoutMs },
      converter: extractor,
    });
  return createLocalOcr(extractor, { maxPages, timeoutMs });
};
