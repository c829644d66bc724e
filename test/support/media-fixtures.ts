/**
 * An Ogg/Opus file of the given length, as WhatsApp records voice notes: an OpusHead page and a
 * last page whose granule position says how many 48 kHz samples it holds. The audio itself is
 * silence-shaped filler; the fake transcription server does not listen.
 */
export const oggOpus = (seconds: number, fillerBytes = 2000): Uint8Array => {
  const preSkip = 312;
  const page = (headerType: number, granule: bigint, sequence: number, payload: Uint8Array) => {
    const header = Buffer.alloc(27 + 1);
    header.write('OggS', 0, 'latin1');
    header[4] = 0;
    header[5] = headerType;
    header.writeBigUInt64LE(granule, 6);
    header.writeUInt32LE(0x1234, 14);
    header.writeUInt32LE(sequence, 18);
    header[26] = 1;
    header[27] = payload.byteLength;
    return Buffer.concat([header, payload]);
  };
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  const filler = Buffer.alloc(Math.min(fillerBytes, 255), 0x55);
  return new Uint8Array(
    Buffer.concat([page(2, 0n, 0, head), page(0, BigInt(Math.round(seconds * 48_000) + preSkip), 1, filler)]),
  );
};

/** The smallest valid JPEG header bytes: enough for a content type, not for a viewer. */
export const tinyJpeg = (): Uint8Array =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
