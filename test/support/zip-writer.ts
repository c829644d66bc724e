import { crc32, deflateRawSync } from 'node:zlib';
import { writeZip } from '../../functions/ingest/zip-unpack.js';

/** A deflate ZIP of these entries, honest headers: enough to build archives for extractor tests. */
export function makeZip(entries: Record<string, Buffer | string>): Uint8Array {
  return writeZip(
    Object.entries(entries).map(([name, content]) => {
      const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
      return {
        name,
        stored: deflateRawSync(data),
        method: 'deflate',
        size: data.byteLength,
        crc: crc32(data),
      };
    }),
  );
}
