import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { writeZip } from '../../functions/ingest/zip-unpack.js';

/**
 * Decompression bombs built in code, for the extractor limits' tests and the bench. A deflate
 * block that ends in a full flush decodes on its own, so one compressed MiB of a repeated byte
 * (about 1 KB) repeated N times is a valid stream of N MiB: gigabytes cost milliseconds to build.
 */
const MiB = 1024 * 1024;

/** Raw DEFLATE data that inflates to `mebibytes` MiB of `byte`. */
export function repeatedByteDeflate(mebibytes: number, byte = 0x20): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB, byte), { finishFlush: constants.Z_FULL_FLUSH });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), finalEmptyBlock]);
}

/** The same as a zlib stream (what PDF's FlateDecode reads), checksum included. */
export function repeatedByteZlib(mebibytes: number, byte = 0x20): Buffer {
  const length = mebibytes * MiB;
  // Adler-32 of `length` copies of `byte`, without walking them.
  const a = (1 + ((byte * length) % 65521)) % 65521;
  const b = (length + Number(((BigInt(byte) * BigInt(length) * BigInt(length + 1)) / 2n) % 65521n)) % 65521;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), repeatedByteDeflate(mebibytes, byte), adler]);
}

interface ZipPart {
  name: string;
  /** The DEFLATE data as stored. */
  compressed: Buffer;
  /** What the headers claim; a bomb claims little. */
  declaredSize: number;
  crc: number;
}

const MINIMAL_DOCX_PARTS: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
};

const honestPart = (name: string, content: Buffer): ZipPart => ({
  name,
  compressed: deflateRawSync(content),
  declaredSize: content.byteLength,
  crc: crc32(content),
});

/**
 * A DOCX whose `word/document.xml` inflates to `mebibytes` MiB of spaces while its headers
 * declare 1 KB: a header-based size check lets it through.
 */
export function lyingDocxBomb(mebibytes: number): Uint8Array {
  return zipOf([
    ...Object.entries(MINIMAL_DOCX_PARTS).map(([name, xml]) => honestPart(name, Buffer.from(xml))),
    { name: 'word/document.xml', compressed: repeatedByteDeflate(mebibytes), declaredSize: 1024, crc: 0 },
  ]);
}

/**
 * A well-formed Word body of about `mebibytes` MiB: paragraphs of styled runs, the markup
 * repeating as Word's does, so it deflates about 70 to 1.
 */
export function wordXml(mebibytes: number): Buffer {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size < mebibytes * MiB; i++) {
    const paragraph = `<w:p><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">Line ${i % 90} of the price list, item ${i % 7}.</w:t></w:r></w:p>`;
    parts.push(paragraph);
    size += paragraph.length;
  }
  parts.push('</w:body></w:document>');
  return Buffer.from(parts.join(''));
}

/** A DOCX with honest headers whose body is `mebibytes` MiB of real Word markup. */
export function honestHighRatioDocx(mebibytes: number): { docx: Uint8Array; ratio: number } {
  const body = honestPart('word/document.xml', wordXml(mebibytes));
  return {
    docx: zipOf([
      ...Object.entries(MINIMAL_DOCX_PARTS).map(([name, xml]) => honestPart(name, Buffer.from(xml))),
      body,
    ]),
    ratio: body.declaredSize / body.compressed.byteLength,
  };
}

function zipOf(parts: ZipPart[]): Uint8Array {
  return writeZip(
    parts.map((part) => ({
      name: part.name,
      stored: part.compressed,
      method: 'deflate',
      size: part.declaredSize,
      crc: part.crc,
    })),
  );
}

/**
 * A one-page PDF written by hand (pdf-lib would not write a lying stream), with a text content
 * stream and, as the page's second content stream, `bomb.data` under `bomb.dictionary` (its
 * /Filter and anything else; /Length is added). `extraObjects` are appended as objects 6, 7, ...
 */
export function pdfWithStream(
  bomb: { dictionary: string; data: Buffer },
  extraObjects: string[] = [],
): Uint8Array {
  const text = Buffer.from('BT /F1 12 Tf 72 720 Td (Opening hours: 9 to 5.) Tj ET');
  const textStream = deflateSync(text);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>',
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${textStream.byteLength} /Filter /FlateDecode >>\nstream\n`),
      textStream,
      Buffer.from('\nendstream'),
    ]),
    Buffer.concat([
      Buffer.from(`<< /Length ${bomb.data.byteLength} ${bomb.dictionary} >>\nstream\n`),
      bomb.data,
      Buffer.from('\nendstream'),
    ]),
    ...extraObjects.map((o) => Buffer.from(o)),
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.byteLength;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    chunks.push(object);
    offset += object.byteLength;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
  ].join('\n');
  chunks.push(Buffer.from(`${xref}\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A PDF whose second content stream inflates to `mebibytes` MiB of spaces (FlateDecode). */
export const pdfFlateBomb = (mebibytes: number): Uint8Array =>
  pdfWithStream({ dictionary: '/Filter /FlateDecode', data: repeatedByteZlib(mebibytes) });
