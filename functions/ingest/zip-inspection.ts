import { DocumentRejectedError } from './errors.js';

export interface ZipLimits {
  /** Total uncompressed bytes of all entries. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed, over the whole archive. */
  maxRatio: number;
  maxEntries: number;
}

export const DOCX_LIMITS: ZipLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 5000,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * Lists a ZIP archive's entries from its central directory without inflating anything, so a
 * decompression bomb is refused before mammoth (JSZip) would expand it in memory. JSZip offers
 * no size check before inflating, and the central directory format is small and fixed, hence
 * this reader. ZIP64 archives (over 4 GB or 65k entries) are refused outright: no real DOCX is one.
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw new Error('no ZIP end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== 0x02014b50) {
      throw new Error('damaged ZIP central directory');
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const findEndOfCentralDirectory = (view: DataView): number => {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
};

/** Refuses archives that would expand past the limits; returns the entries otherwise. */
export function assertZipWithinLimits(bytes: Uint8Array, filename: string, limits = DOCX_LIMITS): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (error) {
    throw new DocumentRejectedError(
      'corrupt',
      `"${filename}" is damaged or not a valid Word document; open it in Word, save it again as .docx and upload the new file`,
      { cause: error },
    );
  }
  const uncompressed = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  if (
    entries.length > limits.maxEntries ||
    uncompressed > limits.maxUncompressedBytes ||
    uncompressed > Math.max(1, compressed) * limits.maxRatio
  ) {
    throw new DocumentRejectedError(
      'decompression-bomb',
      `"${filename}" expands to far more data than a document holds (${Math.round(uncompressed / 1048576)} MB); remove embedded media or split it, then upload again`,
    );
  }
  return entries;
}
