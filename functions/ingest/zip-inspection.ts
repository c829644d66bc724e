import { DocumentRejectedError } from './errors.js';
import { inflatesTooFar } from './extraction-limits.js';

/** More entries than this is no Word document; each costs a header to read and write. */
export const MAX_ZIP_ENTRIES = 5000;

/** Word's XML deflates 5 to 20 times; an archive that admits to 100 is refused unopened. */
export const MAX_DECLARED_RATIO = 100;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; DOCX uses nothing else. */
  method: number;
  /** General purpose flags; bit 0 is encryption. */
  flags: number;
  crc32: number;
  compressedSize: number;
  /** As declared, which a bomb may understate: never trusted to bound anything. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * Lists a ZIP archive's entries from its central directory without inflating anything. JSZip
 * (inside mammoth) offers no limit on what it inflates, so the entries are inflated here under a
 * budget instead (see `zip-unpack.ts`), and the central directory format is small and fixed,
 * hence this reader. ZIP64 archives (over 4 GB or 65k entries) are refused outright: no real
 * DOCX is one.
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
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      crc32: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
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

/**
 * The entries of an archive that could be a DOCX: a readable central directory and not too many
 * entries. Declared sizes only ever refuse early (an archive that admits to being a bomb); the
 * inflated bytes are counted when the entries are unpacked, since a bomb can declare anything.
 */
export function readDocxEntries(bytes: Uint8Array, filename: string, maxInflatedBytes: number): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (error) {
    throw damagedDocx(filename, error);
  }
  if (entries.length > MAX_ZIP_ENTRIES) throw damagedDocx(filename, new Error(`${entries.length} entries`));
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  if (declared > maxInflatedBytes || declared > Math.max(1, compressed) * MAX_DECLARED_RATIO) {
    throw inflatesTooFar(filename, Math.min(declared, maxInflatedBytes));
  }
  return entries;
}

export const damagedDocx = (filename: string, cause: unknown) =>
  new DocumentRejectedError(
    'corrupt',
    `"${filename}" is damaged or not a valid Word document; open it in Word, save it again as .docx and upload the new file`,
    { cause },
  );
