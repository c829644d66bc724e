import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  META_TEXT_LIMITS,
  splitForMetaChannel,
  splitMessageBytes,
} from '../../functions/channels/meta/limits.js';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('splitMessageBytes', () => {
  it('keeps every part within the byte limit and loses nothing but whitespace', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 8, max: 120 }),
        (text, max) => {
          const parts = splitMessageBytes(text, max);
          for (const part of parts) {
            expect(Buffer.byteLength(part)).toBeLessThanOrEqual(max);
            expect(part).toBe(part.trim());
            expect(part.length).toBeGreaterThan(0);
          }
          expect(squash(parts.join(''))).toBe(squash(text));
        },
      ),
    );
  });

  it('cuts at sentence boundaries when it can', () => {
    const greek = 'Καλημέρα σας. Είμαστε ανοιχτά κάθε μέρα. Η πίτσα κοστίζει δεκατέσσερα ευρώ.';
    // 75 characters would fit 80 as characters; as UTF-8 they are 137 bytes.
    expect([...greek].length).toBeLessThan(80);
    expect(splitMessageBytes(greek, 80)).toEqual([
      'Καλημέρα σας. Είμαστε ανοιχτά κάθε μέρα.',
      'Η πίτσα κοστίζει δεκατέσσερα ευρώ.',
    ]);
  });
});

describe('splitForMetaChannel', () => {
  it('counts Instagram in bytes and WhatsApp and Messenger in characters', () => {
    const emoji = `${'🍕 Pizza time. '.repeat(120)}`.trim();
    const instagram = splitForMetaChannel({ channel: 'instagram', text: emoji });
    const messenger = splitForMetaChannel({ channel: 'messenger', text: emoji });
    const whatsapp = splitForMetaChannel({ channel: 'whatsapp', text: emoji });
    for (const part of instagram)
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(META_TEXT_LIMITS.instagram.max);
    for (const part of messenger) expect([...part].length).toBeLessThanOrEqual(2000);
    expect(instagram.length).toBeGreaterThan(1);
    expect(whatsapp).toHaveLength(1);
    expect(instagram.every((p) => p.endsWith('.'))).toBe(true);
  });
});
