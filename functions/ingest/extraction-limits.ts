import { DocumentRejectedError } from './errors.js';

/**
 * The hard limits one document extraction runs under. A decompression bomb or a file built to
 * exhaust the parser ends at the first limit it reaches, as a `DocumentRejectedError`, and the
 * worker goes on with the next document.
 */
export interface ExtractionLimits {
  /**
   * Bytes the file may expand to when opened: zip entries and PDF streams, counted while they
   * are inflated (declared sizes can lie). Typed-array memory is outside V8's heap limit, so
   * this count is what bounds it.
   */
  maxInflatedBytes: number;
  /** Wall time for one extraction; its worker thread is stopped past it. */
  timeoutMs: number;
  /** V8 heap of the extraction worker thread. */
  maxHeapMb: number;
  /** Growth of the process's resident memory during one extraction (heap plus buffers). */
  maxMemoryMb: number;
}

const MiB = 1024 * 1024;

/** No real document's text needs more, whatever the upload limit. */
export const ABSOLUTE_MAX_INFLATED_BYTES = 256 * MiB;

/**
 * Four times the upload limit, at most 256 MiB: a DOCX's XML or a PDF's text streams inflate to
 * a few times their compressed size; a bomb inflates a thousand times.
 */
export const defaultMaxInflatedBytes = (maxUploadBytes: number): number =>
  Math.min(4 * maxUploadBytes, ABSOLUTE_MAX_INFLATED_BYTES);

/** The limits with a 25 MiB upload limit, for callers that run an extractor directly. */
export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = {
  maxInflatedBytes: defaultMaxInflatedBytes(25 * MiB),
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxMemoryMb: 1024,
};

const megabytes = (bytes: number) => Math.max(1, Math.round(bytes / MiB));

export const inflatesTooFar = (filename: string, maxInflatedBytes: number): DocumentRejectedError =>
  new DocumentRejectedError(
    'decompression-bomb',
    `"${filename}" expands to more than ${megabytes(maxInflatedBytes)} MB when opened; it may be damaged or a decompression bomb. Save it again from the program that made it (with compressed pictures), or split it, and upload the new file`,
  );

export const tooSlowToRead = (filename: string, timeoutMs: number): DocumentRejectedError =>
  new DocumentRejectedError(
    'too-complex',
    `"${filename}" took longer than ${Math.round(timeoutMs / 1000)} seconds to open, so we stopped; it may be damaged or built to stall readers. Save it again from the program that made it, or split it, and upload the new file`,
  );

export const needsTooMuchMemory = (filename: string, maxMemoryMb: number): DocumentRejectedError =>
  new DocumentRejectedError(
    'too-complex',
    `"${filename}" needs more than ${maxMemoryMb} MB of memory to open, far more than a document's text; it may be damaged or a decompression bomb. Save it again from the program that made it, or split it, and upload the new file`,
  );
