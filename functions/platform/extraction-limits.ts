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
