import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentRejectedError } from '../errors.js';
import type { Pixels } from './pixels.js';

/**
 * The largest photo decoded, whatever the byte limit: 50 megapixels holds an iPhone's 48 MP
 * "HEIF Max" photo. Decoding costs about 14 bytes a pixel (the HEVC planes in wasm memory and the
 * RGBA copy), so this bounds one photo to about 700 MB, under the sandbox's memory limit.
 */
export const MAX_HEIC_PIXELS = 50_000_000;

interface HeifImage {
  width: number;
  height: number;
  decode(): Promise<Pixels>;
}

/**
 * Decodes an iPhone HEIC photo (HEVC in a HEIF container) to RGBA pixels with libheif compiled
 * to WebAssembly (`heic-decode` over `libheif-js`, the wasm inside the npm package: nothing is
 * downloaded or built at install). Runs in the extraction worker thread, so under its time and
 * memory limits; its pixels count against the bytes a file may expand to, read from the file's
 * header and refused before a pixel is decoded. The module loads on the first HEIC photo only.
 */
export const decodeHeic = async (
  bytes: Uint8Array,
  filename: string,
  /** The bytes a file may expand to (the extraction limit): 4 a pixel once decoded. */
  maxDecodedBytes: number,
): Promise<Pixels> => {
  const { all } = (await loadDecoder()).default;
  let images: HeifImage[] & { dispose?: () => void };
  try {
    images = (await all({ buffer: bytes })) as unknown as typeof images;
  } catch (error) {
    throw damaged(filename, error);
  }
  try {
    const primary = images[0];
    if (!primary) throw damaged(filename, new Error('no image in the file'));
    const maxPixels = Math.min(MAX_HEIC_PIXELS, Math.floor(maxDecodedBytes / 4));
    if (primary.width * primary.height > maxPixels) {
      throw new DocumentRejectedError(
        'too-complex',
        `"${filename}" is a ${primary.width}x${primary.height} photo, more than ${Math.floor(maxPixels / 100_000) / 10} megapixels; take it at the camera's normal size (or share it as a JPEG) and upload that`,
      );
    }
    return await primary.decode().catch((error: unknown) => {
      throw damaged(filename, error);
    });
  } finally {
    images.dispose?.();
  }
};

/**
 * libheif's Emscripten loader reads the CommonJS `__dirname` when it starts (to locate files it
 * does not need: the wasm is inlined). In an ES module bundle (the Lambda's extraction worker)
 * there is no such variable, so the loader would throw; this thread's global stands in for it.
 */
const loadDecoder = () => {
  const global = globalThis as { __dirname?: string };
  global.__dirname ??= dirname(fileURLToPath(import.meta.url));
  return import('heic-decode');
};

const damaged = (filename: string, cause: unknown) =>
  new DocumentRejectedError(
    'corrupt',
    `"${filename}" could not be opened as a HEIC photo; it may be damaged, or a kind of HEIF this reader does not know. Share it as a JPEG (in Photos: Share > Options > Most Compatible) and upload that`,
    { cause },
  );
