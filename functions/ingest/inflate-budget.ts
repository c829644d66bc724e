import { constants, createInflate, createInflateRaw } from 'node:zlib';

/** The inflated bytes of one document would pass its limit. */
export class InflateBudgetExceededError extends Error {
  override name = 'InflateBudgetExceededError';
}

/**
 * The bytes one document may still expand to, shared by every stream or entry inflated for it,
 * and charged as the bytes come out of the inflater: a header that declares a small size
 * changes nothing.
 */
export class InflateBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inflated(): number {
    return this.used;
  }

  /** Charges `bytes` more; throws once the document has passed its limit. */
  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) {
      throw new InflateBudgetExceededError(`inflated past ${this.limit} bytes`);
    }
  }
}

export interface Inflated {
  bytes: Buffer;
  /** False when the data ended early or broke off: `bytes` is what came out before that. */
  complete: boolean;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Inflates DEFLATE data (`raw`, as in ZIP entries) or a zlib stream (`zlib`, as PDF's
 * FlateDecode), charging every chunk to `budget` as it is produced and stopping the inflater the
 * moment the budget runs out, so a bomb costs at most the budget plus one chunk. Damaged data
 * resolves with what came out before the damage, as lenient readers would use it.
 */
export const inflateWithin = (
  data: Uint8Array,
  format: 'raw' | 'zlib',
  budget: InflateBudget,
): Promise<Inflated> =>
  new Promise((resolve, reject) => {
    const options = { chunkSize: CHUNK_BYTES, finishFlush: constants.Z_SYNC_FLUSH };
    const inflater = format === 'raw' ? createInflateRaw(options) : createInflate(options);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (complete: boolean) => {
      if (settled) return;
      settled = true;
      resolve({ bytes: Buffer.concat(chunks), complete });
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        budget.charge(chunk.byteLength);
      } catch (error) {
        settled = true;
        chunks.length = 0;
        inflater.destroy();
        reject(error);
        return;
      }
      chunks.push(chunk);
    });
    inflater.on('end', () => finish(true));
    inflater.on('error', () => finish(false));
    inflater.end(data);
  });
