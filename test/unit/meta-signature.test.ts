import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signMetaPayload,
  subscriptionChallenge,
  verifyMetaSignature,
} from '../../functions/channels/meta/signature.js';

const SECRET = 'app-secret';

describe('verifyMetaSignature', () => {
  it('accepts the HMAC-SHA256 of the exact bytes, and refuses after any one byte changes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (bytes, at) => {
        const body = Buffer.from(bytes);
        const signature = signMetaPayload(SECRET, body);
        expect(verifyMetaSignature(SECRET, body, signature)).toBe(true);
        const tampered = Buffer.from(body);
        const i = at % tampered.length;
        tampered[i] = tampered[i]! ^ 0x01;
        expect(verifyMetaSignature(SECRET, tampered, signature)).toBe(false);
      }),
    );
  });

  it('hashes Meta’s escaped JSON, not a re-serialisation of it', () => {
    const raw = Buffer.from('{"text":"caf\\u00e9 https:\\/\\/x.example"}');
    const signature = signMetaPayload(SECRET, raw);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(verifyMetaSignature(SECRET, raw, signature)).toBe(true);
    expect(verifyMetaSignature(SECRET, reserialised, signature)).toBe(false);
  });

  it('refuses a missing, malformed, truncated or other-secret signature', () => {
    const body = Buffer.from('{}');
    const good = signMetaPayload(SECRET, body);
    for (const header of [
      undefined,
      '',
      'sha1=abc',
      good.slice(0, -2),
      good.replace('sha256=', ''),
      signMetaPayload('other', body),
    ])
      expect(verifyMetaSignature(SECRET, body, header)).toBe(false);
    expect(verifyMetaSignature(SECRET, body, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });
});

describe('subscriptionChallenge', () => {
  it('returns the challenge only for mode subscribe with the right token', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '42' };
    expect(subscriptionChallenge(query, 'tok')).toBe('42');
    expect(subscriptionChallenge({ ...query, 'hub.verify_token': 'to' }, 'tok')).toBeUndefined();
    expect(subscriptionChallenge({ ...query, 'hub.mode': 'other' }, 'tok')).toBeUndefined();
    expect(subscriptionChallenge(undefined, 'tok')).toBeUndefined();
  });
});
