import { MediaUnusableError } from './errors.js';

/**
 * Reads a response body up to `maxBytes`, refusing early on a larger Content-Length and stopping
 * the download the moment the limit is passed, so an oversized file never sits in memory whole.
 */
export const readLimited = async (
  response: Response,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> => {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new MediaUnusableError(
      `${what} is ${declared} bytes, over the ${maxBytes}-byte limit`,
      'too-large',
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new MediaUnusableError(`${what} is over the ${maxBytes}-byte limit`, 'too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};
