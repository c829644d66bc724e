import mammoth from 'mammoth';
import type { Block } from './blocks.js';
import { DocumentRejectedError } from './errors.js';
import { htmlToBlocks } from './extract-html.js';
import { readDocxEntries } from './zip-inspection.js';
import { repackInflated } from './zip-unpack.js';

/**
 * Images carry no text we can index, and mammoth would otherwise inline each one as a base64
 * data URI: a photo-heavy menu would balloon the HTML by the size of its pictures.
 */
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * A Word document through mammoth's semantic HTML (headings, lists, tables survive). Its XML is
 * inflated here within `maxInflatedBytes` and handed to mammoth uncompressed, so a bomb stops at
 * the limit. A ZIP without `word/document.xml` is some other archive renamed to .docx.
 */
export async function extractDocx(
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number,
): Promise<Block[]> {
  const entries = readDocxEntries(bytes, filename, maxInflatedBytes);
  if (entries.some((e) => e.name === 'EncryptedPackage')) {
    throw new DocumentRejectedError(
      'password-protected',
      `"${filename}" is password-protected; remove the password in Word and upload it again`,
    );
  }
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new DocumentRejectedError(
      'wrong-type',
      `"${filename}" is a ZIP archive but not a Word document; save it from Word as .docx and upload again`,
    );
  }
  const unpacked = await repackInflated(bytes, entries, filename, maxInflatedBytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml(
      { buffer: Buffer.from(unpacked.buffer, unpacked.byteOffset, unpacked.byteLength) },
      { convertImage: NO_IMAGES },
    ));
  } catch (error) {
    throw new DocumentRejectedError(
      'corrupt',
      `"${filename}" is damaged; open it in Word, save it again as .docx and upload the new file`,
      { cause: error },
    );
  }
  return htmlToBlocks(html);
}
