import jpeg from 'jpeg-js';
import { assertContentMatches } from '../document-types.js';
import { decodeHeic } from './decode-heic.js';
import { halve, type Pixels } from './pixels.js';

/** Textract's limits for an image sent as bytes: 5 MB, at most 10,000 pixels a side. */
export const TEXTRACT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const TEXTRACT_MAX_SIDE = 10_000;

/** Text stays crisp at this quality; a 12 MP photo of a menu is about 0.5-3 MB. */
const JPEG_QUALITY = 85;

/**
 * A HEIC photo as a JPEG Textract accepts (it reads JPEG, PNG, PDF and TIFF, not HEIC), halved
 * until it fits Textract's limits. Pure JavaScript and WebAssembly, so it runs in the Lambda
 * bundle; the caller runs it in the extraction worker thread, under the extraction limits.
 */
export const heicAsJpeg = async (
  bytes: Uint8Array,
  filename: string,
  maxDecodedBytes: number,
): Promise<Uint8Array> => {
  assertContentMatches('heic', bytes, filename);
  return encodeWithin(await decodeHeic(bytes, filename, maxDecodedBytes));
};

const encodeWithin = (pixels: Pixels): Uint8Array => {
  let image = pixels;
  while (Math.max(image.width, image.height) > TEXTRACT_MAX_SIDE) image = halve(image);
  for (;;) {
    const { data } = jpeg.encode(
      { data: image.data, width: image.width, height: image.height },
      JPEG_QUALITY,
    );
    if (data.byteLength <= TEXTRACT_MAX_IMAGE_BYTES || image.width < 2) return new Uint8Array(data);
    image = halve(image);
  }
};
