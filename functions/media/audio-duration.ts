/**
 * The length of an Ogg audio file (WhatsApp voice notes are Ogg/Opus), from the granule position
 * of its last page: Opus always counts 48 kHz samples, less the pre-skip of its header. Other
 * formats answer `undefined` and are bounded by their size alone.
 *
 * @example
 * oggDurationSeconds(bytesOfA12SecondVoiceNote) // 12.0
 */
export const oggDurationSeconds = (bytes: Uint8Array): number | undefined => {
  if (!startsWith(bytes, 0, OGG_CAPTURE)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rate = sampleRateOf(bytes, view);
  if (!rate) return undefined;
  // The last page header is within the last 64 KiB (a page is at most 65,307 bytes).
  for (let i = bytes.byteLength - 27; i >= Math.max(0, bytes.byteLength - 65_536); i--) {
    if (!startsWith(bytes, i, OGG_CAPTURE)) continue;
    const granule = view.getBigUint64(i + 6, true);
    if (granule === 0xffffffffffffffffn) continue;
    return Math.max(0, Number(granule) - rate.preSkip) / rate.hz;
  }
  return undefined;
};

const OGG_CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const OPUS_HEAD = [0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64]; // "OpusHead"
const VORBIS_ID = [0x01, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]; // "\x01vorbis"

const startsWith = (bytes: Uint8Array, at: number, magic: number[]): boolean =>
  at + magic.length <= bytes.byteLength && magic.every((b, i) => bytes[at + i] === b);

/** The first page's payload: an Opus or Vorbis identification header. */
const sampleRateOf = (bytes: Uint8Array, view: DataView): { hz: number; preSkip: number } | undefined => {
  if (bytes.byteLength < 28) return undefined;
  const segments = bytes[26]!;
  const payload = 27 + segments;
  if (startsWith(bytes, payload, OPUS_HEAD) && payload + 12 <= bytes.byteLength)
    return { hz: 48_000, preSkip: view.getUint16(payload + 10, true) };
  if (startsWith(bytes, payload, VORBIS_ID) && payload + 16 <= bytes.byteLength) {
    const hz = view.getUint32(payload + 12, true);
    return hz > 0 ? { hz, preSkip: 0 } : undefined;
  }
  return undefined;
};
