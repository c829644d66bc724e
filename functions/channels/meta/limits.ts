import type { Channel, OutboundMessage } from '../../contracts/messages.js';
import { splitMessage } from '../split.js';

/**
 * How long one message may be on each Meta channel. WhatsApp and Messenger count characters;
 * Instagram counts UTF-8 bytes, so a reply in Greek or with emoji fits far fewer characters.
 */
export const META_TEXT_LIMITS = {
  whatsapp: { max: 4096, unit: 'characters' },
  messenger: { max: 2000, unit: 'characters' },
  instagram: { max: 1000, unit: 'bytes' },
} as const satisfies Partial<Record<Channel, { max: number; unit: 'characters' | 'bytes' }>>;

export type MetaSendChannel = keyof typeof META_TEXT_LIMITS;

export const isMetaSendChannel = (channel: Channel): channel is MetaSendChannel =>
  Object.hasOwn(META_TEXT_LIMITS, channel);

/**
 * Like `splitMessage` (paragraph, then sentence, then word boundaries), but every part is at most
 * `maxBytes` of UTF-8. Each part is cut from the longest prefix that fits in bytes.
 *
 * @example
 * splitMessageBytes('Καλημέρα. Τι κάνεις;', 20) // ['Καλημέρα.', 'Τι κάνεις;']
 */
export const splitMessageBytes = (text: string, maxBytes: number): string[] => {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest) {
    if (Buffer.byteLength(rest) <= maxBytes) {
      parts.push(rest);
      break;
    }
    const [first] = splitMessage(rest, codePointsWithin(rest, maxBytes));
    if (!first) break;
    parts.push(first);
    rest = rest.slice(first.length).trimStart();
  }
  return parts;
};

/** How many leading code points of `text` fit in `maxBytes` of UTF-8 (at least one). */
const codePointsWithin = (text: string, maxBytes: number): number => {
  let bytes = 0;
  let count = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    count++;
  }
  return Math.max(1, count);
};

/** The parts a reply goes out in on its Meta channel. */
export const splitForMetaChannel = (message: Pick<OutboundMessage, 'channel' | 'text'>): string[] => {
  if (!isMetaSendChannel(message.channel)) throw new Error(`${message.channel} is not a Meta channel`);
  const limit = META_TEXT_LIMITS[message.channel];
  return limit.unit === 'bytes'
    ? splitMessageBytes(message.text, limit.max)
    : splitMessage(message.text, limit.max);
};
