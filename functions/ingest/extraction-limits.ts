import { DocumentRejectedError } from './errors.js';

const MiB = 1024 * 1024;

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
