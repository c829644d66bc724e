import { DocumentRejectedError } from './errors.js';

/** The formats an owner may upload, by the kind of extractor that reads them. */
export type DocumentKind = 'pdf' | 'docx' | 'txt' | 'md' | 'html' | 'csv' | 'json' | ImageKind;

/** Photos of menus and price lists: read by OCR, never by a text extractor. */
export type ImageKind = 'jpg' | 'png' | 'heic';

export const isImageKind = (kind: DocumentKind): kind is ImageKind =>
  kind === 'jpg' || kind === 'png' || kind === 'heic';

interface KindInfo {
  contentType: string;
  extensions: readonly string[];
  /** What to tell an owner the format is called. */
  label: string;
}

export const DOCUMENT_KINDS: Record<DocumentKind, KindInfo> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word (DOCX)',
  },
  txt: { contentType: 'text/plain', extensions: ['txt', 'text'], label: 'text' },
  md: { contentType: 'text/markdown', extensions: ['md', 'markdown'], label: 'Markdown' },
  html: { contentType: 'text/html', extensions: ['html', 'htm'], label: 'HTML' },
  csv: { contentType: 'text/csv', extensions: ['csv'], label: 'CSV' },
  json: { contentType: 'application/json', extensions: ['json'], label: 'JSON' },
  jpg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG photo' },
  png: { contentType: 'image/png', extensions: ['png'], label: 'PNG image' },
  // What iPhones save by default ("High Efficiency"); `image/heif` is the same container.
  heic: { contentType: 'image/heic', extensions: ['heic', 'heif'], label: 'HEIC photo' },
};

/** Content types that name a kind under another spelling. */
const CONTENT_TYPE_ALIASES: Record<string, DocumentKind> = { 'image/heif': 'heic' };

export const ALLOWED_CONTENT_TYPES = Object.values(DOCUMENT_KINDS).map((k) => k.contentType);

const extensionOf = (filename: string): string =>
  /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';

/**
 * The kind an upload claims to be, from its declared content type, else its extension. Both must
 * agree when both are known, so a `.pdf` declared as `text/html` is refused up front.
 */
export const declaredKind = (filename: string, contentType: string | undefined): DocumentKind => {
  const extension = extensionOf(filename);
  const byExtension = (Object.keys(DOCUMENT_KINDS) as DocumentKind[]).find((k) =>
    DOCUMENT_KINDS[k].extensions.includes(extension),
  );
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  const byType =
    (Object.keys(DOCUMENT_KINDS) as DocumentKind[]).find((k) => DOCUMENT_KINDS[k].contentType === mime) ??
    (mime ? CONTENT_TYPE_ALIASES[mime] : undefined);
  const aliased = byType && byExtension && textAlias(byType, byExtension);
  const kind = aliased ? byExtension : (byType ?? byExtension);
  if (!kind || (byType && byExtension && byType !== byExtension && !aliased)) {
    throw new DocumentRejectedError(
      'unsupported-type',
      `"${filename}" is not a supported format; upload a PDF, DOCX, TXT, MD, HTML, CSV or JSON file, or a JPG, PNG or HEIC photo`,
    );
  }
  return kind;
};

/** A Markdown file sent as text/plain (curl's default for .md) is still Markdown. */
const textAlias = (byType: DocumentKind, byExtension: DocumentKind) =>
  byType === 'txt' && ['md', 'csv', 'json'].includes(byExtension);

/**
 * The filename as it goes into the object key: no path, no control characters, only characters
 * that need no escaping in S3 keys and URLs, and short enough for any key limit.
 *
 * @example
 * safeFilename('../../Menú del día (2024).pdf') // 'Menu-del-dia-2024.pdf'
 */
export const safeFilename = (filename: string): string => {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const ascii = base.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const extension = extensionOf(ascii);
  const stem = (extension ? ascii.slice(0, -(extension.length + 1)) : ascii)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${stem || 'document'}${extension ? `.${extension}` : ''}`;
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const FTYP = [0x66, 0x74, 0x79, 0x70]; // 'ftyp', the ISO media file's first box, at byte 4

/** HEIF major brands for still images (iPhones write `heic`; `mif1` is the generic one). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1']);

const isHeif = (bytes: Uint8Array) =>
  startsWith(bytes, FTYP, 4) && HEIF_BRANDS.has(new TextDecoder().decode(bytes.subarray(8, 12)));

/**
 * Checks that the bytes are what the upload claims: a presigned policy binds the declared type,
 * not the content, and s3rver checks nothing at all. PDF readers accept the header anywhere in
 * the first KiB; text formats must be text (valid UTF-8, no NUL bytes).
 */
export const assertContentMatches = (kind: DocumentKind, bytes: Uint8Array, filename: string): void => {
  const label = DOCUMENT_KINDS[kind].label;
  const wrong = (what: string) =>
    new DocumentRejectedError(
      'wrong-type',
      `"${filename}" is named like a ${label} file but ${what}; save or export it again as ${label}`,
    );
  if (kind === 'pdf') {
    const head = bytes.subarray(0, 1024);
    const found = head.findIndex((_b, i) => startsWith(head, PDF_MAGIC, i));
    if (found < 0) throw wrong('is not a PDF');
    return;
  }
  if (kind === 'jpg' || kind === 'png') {
    if (!startsWith(bytes, kind === 'jpg' ? JPEG_MAGIC : PNG_MAGIC)) throw wrong(`is not a ${label}`);
    return;
  }
  if (kind === 'heic') {
    if (!isHeif(bytes)) throw wrong(`is not a ${label}`);
    return;
  }
  if (kind === 'docx') {
    // Word stores encrypted documents (and old .doc files) in an OLE container, not a ZIP.
    if (startsWith(bytes, OLE_MAGIC)) {
      throw new DocumentRejectedError(
        'password-protected',
        `"${filename}" is password-protected or an old .doc file; remove the password or save it as .docx in Word, then upload again`,
      );
    }
    if (!startsWith(bytes, ZIP_MAGIC)) throw wrong('is not a Word document');
    return;
  }
  if (startsWith(bytes, PDF_MAGIC) || startsWith(bytes, ZIP_MAGIC)) throw wrong('holds binary data');
  if (bytes.subarray(0, 8192).includes(0)) throw wrong('holds binary data');
};
