import { FrontdeskError } from '../platform/errors.js';

/** Why a document cannot be ingested; each has a message the owner can act on. */
export type RejectionCode =
  | 'oversized'
  | 'empty'
  | 'wrong-type'
  | 'unsupported-type'
  | 'corrupt'
  | 'password-protected'
  | 'no-text-layer'
  /** OCR read a scan or photo and found no text. */
  | 'no-text-found'
  /** OCR read a scan or photo but is too unsure of its text to trust it. */
  | 'too-blurry'
  /** OCR read a black-and-white scan (a fax: never blurry) but is too unsure of its text to trust it. */
  | 'unclear-scan'
  | 'decompression-bomb'
  /** Took too long or too much memory to open, whatever the cause. */
  | 'too-complex'
  | 'too-long'
  | 'missing-file'
  /** Past the business's plan: its passage quota or its model budget. */
  | 'over-plan';

/**
 * The document itself is the problem: retrying will not help, so the worker marks it `failed`
 * with this message and acknowledges the message instead of letting it retry.
 */
export class DocumentRejectedError extends FrontdeskError {
  constructor(
    readonly code: RejectionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
