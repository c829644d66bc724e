import type { InflateBudget } from './inflate-budget.js';

/**
 * PDF's non-Flate stream filters, decoded the way pdf.js decodes them, so the stream budget can
 * follow a filter chain (`[/ASCIIHexDecode /FlateDecode]`, `[/LZWDecode /FlateDecode]`) to the
 * Flate data inside. The expanding ones (LZW, RunLength, ASCII85's `z`) charge what they produce
 * to the budget as they go. pdf.js keeps its decoders private, hence these.
 */

const isHexDigit = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c & 0xdf) - 0x37);

/** Hex pairs up to `>`; anything else is skipped, as pdf.js does. Output is half the input. */
export function asciiHexDecode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.byteLength / 2));
  let length = 0;
  let high = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    if (!isHexDigit(c)) continue;
    if (high < 0) high = hexValue(c);
    else {
      out[length++] = (high << 4) | hexValue(c);
      high = -1;
    }
  }
  if (high >= 0) out[length++] = high << 4;
  return out.subarray(0, length);
}

/** Base-85 groups up to `~`; `z` stands for four zero bytes. */
export function ascii85Decode(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const zeros = data.reduce((n, c) => n + (c === 0x7a ? 1 : 0), 0);
  budget.charge(zeros * 4);
  const out = new Uint8Array(Math.ceil((data.byteLength * 4) / 5) + zeros * 4 + 4);
  let length = 0;
  const group: number[] = [];
  const flush = (count: number) => {
    while (group.length < 5) group.push(84);
    let value = 0;
    for (const digit of group) value = value * 85 + digit;
    for (let i = 0; i < count; i++) out[length++] = (value >>> (24 - 8 * i)) & 0xff;
    group.length = 0;
  };
  for (const c of data) {
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) {
      length += 4;
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return out.subarray(0, length);
}

/** Growable output that charges the budget for every byte it takes. */
class ChargedOutput {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;

  constructor(private readonly budget: InflateBudget) {}

  reserve(bytes: number): void {
    this.budget.charge(bytes);
    if (this.length + bytes <= this.buffer.byteLength) return;
    const grown = new Uint8Array(Math.max(this.buffer.byteLength * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  push(byte: number): void {
    this.buffer[this.length++] = byte;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Runs: a length byte below 128 copies that many plus one, above 128 repeats the next byte. */
export function runLengthDecode(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const out = new ChargedOutput(budget);
  let i = 0;
  while (i < data.byteLength) {
    const n = data[i++]!;
    if (n === 128) break;
    if (n < 128) {
      const run = data.subarray(i, i + n + 1);
      out.reserve(run.byteLength);
      for (const b of run) out.push(b);
      i += n + 1;
    } else if (i < data.byteLength) {
      const b = data[i++]!;
      out.reserve(257 - n);
      for (let k = 0; k < 257 - n; k++) out.push(b);
    }
  }
  return out.bytes();
}

/** LZW with 9- to 12-bit codes, 256 clear, 257 end; `earlyChange` as in the stream's parameters. */
export function lzwDecode(data: Uint8Array, budget: InflateBudget, earlyChange = 1): Uint8Array {
  const prefix = new Int32Array(4096).fill(-1);
  const suffix = new Uint8Array(4096);
  const size = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    size[i] = 1;
  }
  const out = new ChargedOutput(budget);
  const scratch = new Uint8Array(4096);
  let bitBuffer = 0;
  let bitCount = 0;
  let at = 0;
  let codeLength = 9;
  let next = 258;
  let previous = -1;
  const firstByte = (code: number) => {
    while (prefix[code]! >= 0) code = prefix[code]!;
    return suffix[code]!;
  };
  const emit = (code: number, last?: number) => {
    const length = size[code]! + (last === undefined ? 0 : 1);
    out.reserve(length);
    let k = size[code]! - 1;
    for (let c = code; c >= 0; c = prefix[c]!) scratch[k--] = suffix[c]!;
    for (let j = 0; j < size[code]!; j++) out.push(scratch[j]!);
    if (last !== undefined) out.push(last);
  };
  for (;;) {
    while (bitCount < codeLength && at < data.byteLength) {
      bitBuffer = ((bitBuffer << 8) | data[at++]!) & 0xffffff;
      bitCount += 8;
    }
    if (bitCount < codeLength) break;
    const code = (bitBuffer >>> (bitCount - codeLength)) & ((1 << codeLength) - 1);
    bitCount -= codeLength;
    if (code === 256) {
      codeLength = 9;
      next = 258;
      previous = -1;
      continue;
    }
    if (code === 257) break;
    let first: number;
    if (code < next && (code < 256 || size[code]! > 0)) {
      first = firstByte(code);
      emit(code);
    } else if (code === next && previous >= 0) {
      first = firstByte(previous);
      emit(previous, first);
    } else break;
    if (previous >= 0 && next < 4096) {
      prefix[next] = previous;
      suffix[next] = first;
      size[next] = Math.min(4096, size[previous]! + 1);
      next++;
      if (next + earlyChange >= 1 << codeLength && codeLength < 12) codeLength++;
    }
    previous = code;
  }
  return out.bytes();
}
