import { inflatesTooFar } from './extraction-limits.js';
import { InflateBudget, InflateBudgetExceededError, inflateWithin } from './inflate-budget.js';
import { ascii85Decode, asciiHexDecode, lzwDecode, runLengthDecode } from './pdf-filters.js';

/**
 * Refuses a PDF whose streams expand past `maxInflatedBytes`, before pdf.js opens it. pdf.js
 * inflates FlateDecode streams into typed arrays with no limit, and typed arrays sit outside the
 * worker's heap limit, so every stream is decoded here first (zlib, stopped the moment the
 * document's budget runs out) and only then handed to pdf.js, which decodes no more than that.
 *
 * Streams are found the way pdf.js finds them: the `stream` keyword after a dictionary, data
 * from the next line to `/Length` (when `endstream` follows it) or to the next `endstream`.
 * Filter chains are followed through ASCIIHex, ASCII85, LZW and RunLength to the Flate data
 * inside; image filters end a chain (pdf.js does not decode images for text). What this cannot
 * see, streams of an encrypted PDF, is bounded by the sandbox's memory watch instead.
 */
export async function assertPdfStreamsWithinLimit(
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number,
): Promise<void> {
  const budget = new InflateBudget(maxInflatedBytes);
  try {
    for (const stream of findStreams(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
      for (const chain of stream.chains) await decodeChain(stream.data, chain, budget);
    }
  } catch (error) {
    if (error instanceof InflateBudgetExceededError) throw inflatesTooFar(filename, maxInflatedBytes);
    throw error;
  }
}

interface PdfStream {
  data: Uint8Array;
  /** Every filter chain its dictionary names (normally one); empty when it names none. */
  chains: string[][];
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const ZLIB_DEFLATE = 0x08;

/** Every stream in the file, incremental updates and object streams included. */
export function* findStreams(pdf: Buffer): Generator<PdfStream> {
  const text = pdf.toString('latin1');
  let from = 0;
  for (;;) {
    const at = text.indexOf('stream', from);
    if (at < 0) return;
    from = at + 6;
    const before = at > 0 ? pdf[at - 1]! : 0x20;
    if (text.startsWith('end', at - 3) || !(WHITESPACE.has(before) || before === 0x3e)) continue;
    let start = from;
    while (start < pdf.byteLength && pdf[start] !== 0x0a && pdf[start] !== 0x0d) start++;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const dictionary = decodeNameEscapes(
      text.slice(Math.max(text.lastIndexOf('endstream', at), text.lastIndexOf('endobj', at), 0), at),
    );
    const chains = filterChains(dictionary, text);
    const data = pdf.subarray(start, streamEnd(text, start, declaredLength(dictionary, text)));
    // A Flate stream whose /Filter hides behind something unforeseen is still inflated.
    if (!chains.some((chain) => chain[0] === 'FlateDecode') && hasZlibHeader(data))
      chains.push(['FlateDecode']);
    yield { data, chains };
  }
}

/** `/Fl#61teDecode` is `/FlateDecode` to pdf.js, so it is to us. */
const decodeNameEscapes = (text: string) =>
  text.replace(/#([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

const ABBREVIATIONS: Record<string, string> = {
  Fl: 'FlateDecode',
  LZW: 'LZWDecode',
  RL: 'RunLengthDecode',
  A85: 'ASCII85Decode',
  AHx: 'ASCIIHexDecode',
};

const NAME = String.raw`\/[^\s\/\[\]<>()%]+`;
const REFERENCE = String.raw`(\d+)\s+(\d+)\s+R`;

const filterChains = (dictionary: string, text: string): string[][] => {
  const chains: string[][] = [];
  const pattern = new RegExp(String.raw`\/Filter\s*(\[[^\]]*\]|${NAME}|${REFERENCE})`, 'g');
  for (const match of dictionary.matchAll(pattern)) {
    const value = /^\d/.test(match[1]!) ? resolve(text, match[1]!) : match[1]!;
    const items = value.startsWith('[')
      ? [...value.matchAll(new RegExp(`${NAME}|${REFERENCE}`, 'g'))].map((m) =>
          m[0].startsWith('/') ? m[0] : resolve(text, m[0]),
        )
      : [value];
    const chain = items.map((item) => item.trim().slice(1)).map((name) => ABBREVIATIONS[name] ?? name);
    if (chain.length > 0) chains.push(chain);
  }
  return chains;
};

/** The value of indirect object `N G R` (its last definition, as incremental updates add). */
const resolve = (text: string, reference: string): string => {
  const [number, generation] = reference.trim().split(/\s+/);
  const at = text.lastIndexOf(`${number} ${generation} obj`);
  if (at < 0) return '';
  const value = /obj\s*(\[[^\]]*\]|\/[^\s/[\]<>()%]+|\d+)/.exec(text.slice(at, at + 4096));
  return decodeNameEscapes(value?.[1] ?? '');
};

const declaredLength = (dictionary: string, text: string): number | undefined => {
  const match = new RegExp(String.raw`\/Length\s+(${REFERENCE}|\d+)`).exec(dictionary);
  if (!match) return undefined;
  const value = match[2] ? resolve(text, match[1]!) : match[1]!;
  return /^\d+$/.test(value) ? Number(value) : undefined;
};

/** pdf.js trusts `/Length` when `endstream` follows it, else reads to the next `endstream`. */
const streamEnd = (text: string, start: number, length: number | undefined): number => {
  if (length !== undefined && /^\s*endstream/.test(text.slice(start + length, start + length + 64))) {
    return start + length;
  }
  const end = text.indexOf('endstream', start);
  return end < 0 ? text.length : end;
};

const hasZlibHeader = (data: Uint8Array) =>
  data.byteLength >= 2 && (data[0]! & 0x0f) === ZLIB_DEFLATE && ((data[0]! << 8) | data[1]!) % 31 === 0;

/** Decodes through the chain, charging what expands; stops at a filter pdf.js leaves for images. */
const decodeChain = async (data: Uint8Array, chain: string[], budget: InflateBudget): Promise<void> => {
  let current = data;
  for (const filter of chain) {
    if (current.byteLength === 0) return;
    switch (filter) {
      case 'FlateDecode':
        current = (await inflateWithin(current, 'zlib', budget)).bytes;
        break;
      case 'LZWDecode':
        current = lzwDecode(current, budget);
        break;
      case 'RunLengthDecode':
        current = runLengthDecode(current, budget);
        break;
      case 'ASCII85Decode':
        current = ascii85Decode(current, budget);
        break;
      case 'ASCIIHexDecode':
        current = asciiHexDecode(current);
        break;
      default:
        return;
    }
  }
};
