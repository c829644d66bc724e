import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseTwilioForm,
  twilioSignedUrl,
  verifyTwilioSignature,
} from '../../functions/channels/twilio/signature.js';

const authToken = '12345';

/** Twilio's algorithm written out independently of twilio-node, so the test checks the validator. */
const sign = (url: string, params: Record<string, string | string[]>): string => {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => {
      const value = params[name]!;
      const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
      return acc + values.map((v) => name + v).join('');
    }, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
};

const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};

describe('verifyTwilioSignature', () => {
  it('accepts the example from Twilio’s security docs', () => {
    // Prepare: the documented signature for this URL, token and parameters.
    const signature = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

    // Act
    const valid = verifyTwilioSignature({ authToken, signature, url, params });

    // Assess
    expect(sign(url, params)).toBe(signature);
    expect(valid).toBe(true);
  });

  it('refuses a tampered parameter', () => {
    const signature = sign(url, params);
    expect(verifyTwilioSignature({ authToken, signature, url, params: { ...params, Digits: '1235' } })).toBe(
      false,
    );
  });

  it('refuses an added parameter', () => {
    const signature = sign(url, params);
    expect(verifyTwilioSignature({ authToken, signature, url, params: { ...params, Extra: 'x' } })).toBe(
      false,
    );
  });

  it('refuses a signature made for another URL', () => {
    const signature = sign('https://mycompany.com/other.php?foo=1&bar=2', params);
    expect(verifyTwilioSignature({ authToken, signature, url, params })).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(verifyTwilioSignature({ authToken, signature: undefined, url, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature: '', url, params })).toBe(false);
  });

  it('refuses a signature made with another auth token', () => {
    const signature = createHmac('sha1', 'other').update(url).digest('base64');
    expect(verifyTwilioSignature({ authToken, signature, url, params: {} })).toBe(false);
  });

  it('accepts the URL with or without the default port, as Twilio may add or drop it', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature({ authToken, signature: sign(withPort, params), url, params })).toBe(true);
    expect(verifyTwilioSignature({ authToken, signature: sign(url, params), url: withPort, params })).toBe(
      true,
    );
  });

  it('signs repeated parameter names sorted, each value appended', () => {
    const repeated = { To: '+18005551212', MediaUrl: ['https://b.example/2', 'https://a.example/1'] };
    expect(verifyTwilioSignature({ authToken, signature: sign(url, repeated), url, params: repeated })).toBe(
      true,
    );
  });

  it('checks JSON bodies through bodySHA256', async () => {
    const body = '{"property": "value", "boolean": true}';
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(body).digest('hex');
    const jsonUrl = `https://mycompany.com/myapp.php?bodySHA256=${hash}`;
    const signature = sign(jsonUrl, {});
    expect(verifyTwilioSignature({ authToken, signature, url: jsonUrl, rawBody: body })).toBe(true);
    expect(verifyTwilioSignature({ authToken, signature, url: jsonUrl, rawBody: `${body} ` })).toBe(false);
  });
});

describe('parseTwilioForm', () => {
  it('decodes + as a space and keeps repeated names', () => {
    const params = parseTwilioForm(Buffer.from('Body=Hola+Zo%C3%AB%21&A=1&A=2'));
    expect(params).toEqual({ Body: 'Hola Zoë!', A: ['1', '2'] });
  });
});

describe('twilioSignedUrl', () => {
  it('joins the public origin (with a custom-domain prefix), the raw path and the raw query', () => {
    expect(twilioSignedUrl('https://api.example.com/frontdesk', '/webhooks/twilio/status', 'tenant=t1')).toBe(
      'https://api.example.com/frontdesk/webhooks/twilio/status?tenant=t1',
    );
    expect(twilioSignedUrl('https://api.example.com', '/webhooks/twilio/messaging', '')).toBe(
      'https://api.example.com/webhooks/twilio/messaging',
    );
  });
});
