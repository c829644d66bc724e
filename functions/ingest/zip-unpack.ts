import { crc32 } from 'node:zlib';
import { inflatesTooFar } from './extraction-limits.js';
import { InflateBudget, InflateBudgetExceededError, inflateWithin } from './inflate-budget.js';
import { damagedDocx, type ZipEntry } from './zip-inspection.js';

const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Word reads only XML parts (the document, styles, numbering, notes, relationships); pictures
 * and embedded files carry no text we index, so they are never inflated.
 */
const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name);

/**
 * Inflates a DOCX's XML parts here, counting every byte as it comes out of zlib against
 * `maxInflatedBytes`, and returns the same archive re-packed without compression (other parts
 * left empty). Mammoth then reads an archive with nothing left to inflate, so JSZip, which has no
 * limit of its own, never expands a bomb.
 */
export async function repackInflated(
  bytes: Uint8Array,
  entries: ZipEntry[],
  filename: string,
  maxInflatedBytes: number,
): Promise<Uint8Array> {
  const budget = new InflateBudget(maxInflatedBytes);
  const parts: Array<{ name: string; data: Uint8Array }> = [];
  try {
    for (const entry of entries) {
      parts.push({
        name: entry.name,
        data: isXmlPart(entry.name) ? await inflateEntry(bytes, entry, budget) : new Uint8Array(),
      });
    }
  } catch (error) {
    if (error instanceof InflateBudgetExceededError) throw inflatesTooFar(filename, maxInflatedBytes);
    throw damagedDocx(filename, error);
  }
  return storedZip(parts);
}

const inflateEntry = async (
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: InflateBudget,
): Promise<Uint8Array> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) {
    throw new Error(`no local header for ${entry.name}`);
  }
  if (entry.flags & 1) throw new Error(`${entry.name} is encrypted`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.byteLength) throw new Error(`${entry.name} runs past the end of the archive`);
  const data = bytes.subarray(start, end);
  if (entry.method === STORED) {
    budget.charge(data.byteLength);
    return data;
  }
  if (entry.method !== DEFLATED) throw new Error(`${entry.name} uses compression method ${entry.method}`);
  const inflated = await inflateWithin(data, 'raw', budget);
  if (!inflated.complete) throw new Error(`${entry.name} is damaged`);
  return inflated.bytes;
};

/** One entry as it is written: its bytes as stored, how, and what its headers declare. */
export interface ZipWriteEntry {
  name: string;
  /** The bytes as stored: raw for `store`, DEFLATE data for `deflate`. */
  stored: Uint8Array;
  method: 'store' | 'deflate';
  /** The uncompressed size the headers declare. */
  size: number;
  crc: number;
}

/** A ZIP archive of these entries, exactly as given (tests use it to write lying headers too). */
export function writeZip(entries: readonly ZipWriteEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const { name, stored, method, size, crc } of entries) {
    const nameBytes = encoder.encode(name);
    const code = method === 'deflate' ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(code, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(code, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, stored);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.byteLength + stored.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** An uncompressed ZIP of these parts: what mammoth is handed, with nothing left to inflate. */
export function storedZip(parts: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  return writeZip(
    parts.map(({ name, data }) => ({
      name,
      stored: data,
      method: 'store' as const,
      size: data.byteLength,
      crc: crc32(data),
    })),
  );
}
