import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaPayload } from '../../functions/channels/meta/signature.js';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import {
  LOCAL_META_APP_SECRET,
  LOCAL_META_VERIFY_TOKEN,
  LOCAL_TWILIO_AUTH_TOKEN,
  type LocalStack,
} from '../../local-stack/stack.js';
import { twilioMessageForm } from '../../local-stack/twilio-client.js';
import { startTestStack } from '../support/local-stack.js';

/**
 * Arbitrary bodies and headers at the webhooks, over HTTP on the local stack: nothing crashes
 * or answers 5xx, and nothing unsigned or wrongly signed is ever accepted (2xx).
 */
let stack: LocalStack;
const RUNS = 150;
const outcomes = { requests: 0, serverErrors: 0, forgedAccepted: 0 };

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  console.log(
    `[fuzz] webhooks requests=${outcomes.requests} 5xx=${outcomes.serverErrors} forgedAccepted=${outcomes.forgedAccepted}`,
  );
  await stack?.close();
});

const post = async (path: string, body: string | Uint8Array, headers: Record<string, string>) => {
  const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
  await response.arrayBuffer();
  outcomes.requests++;
  if (response.status >= 500) outcomes.serverErrors++;
  return response.status;
};

const headerValue = fc.string({ maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const formFields = fc.dictionary(
  fc.oneof(
    fc.constantFrom('From', 'To', 'Body', 'MessageSid', 'NumMedia', 'ProfileName', 'WaId', 'AccountSid'),
    fc.string({ maxLength: 20 }),
  ),
  fc.oneof(
    fc.string({ maxLength: 300 }),
    // '#' is the table's key separator: a signed To=# once answered 500.
    fc.constantFrom('whatsapp:+15551234567', '+1555', '9999', '', '#', 'whatsapp:#', 'whatsapp:'),
  ),
  { maxKeys: 12 },
);

describe('the Twilio messaging webhook', () => {
  const url = () => `${stack.url}/webhooks/twilio/messaging`;

  it('never accepts a forged signature, and never fails with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(formFields, headerValue, async (fields, signature) => {
        const status = await post('/webhooks/twilio/messaging', new URLSearchParams(fields).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        });
        if (status >= 200 && status < 300) outcomes.forgedAccepted++;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers a correctly signed but arbitrary form without 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(formFields, fc.boolean(), async (fields, realistic) => {
        const form = realistic
          ? {
              ...twilioMessageForm({
                from: 'whatsapp:+15559990001',
                to: 'whatsapp:+14155238886',
                body: 'hi',
              }),
              ...fields,
            }
          : fields;
        const status = await post('/webhooks/twilio/messaging', new URLSearchParams(form).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url(), form),
        });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await stack.idle();
  });

  it('never crashes on raw bytes with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/json',
          'text/plain',
          'multipart/form-data',
        ),
        async (bytes, contentType) => {
          const status = await post('/webhooks/twilio/messaging', bytes, { 'content-type': contentType });
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the Meta webhook', () => {
  const jsonish = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 500 }),
    fc.constant('{"object":"whatsapp_business_account","entry":[{"changes":[{"value":null}]}]}'),
    fc.constant('{"object":"page","entry":[{"messaging":[{"message":{"text":7}}]}]}'),
  );

  it('never accepts a forged signature, and never fails with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonish,
        fc.oneof(
          headerValue,
          headerValue.map((h) => `sha256=${h}`),
        ),
        async (body, signature) => {
          const status = await post('/webhooks/meta', body, {
            'content-type': 'application/json',
            'x-hub-signature-256': signature,
          });
          if (status >= 200 && status < 300) outcomes.forgedAccepted++;
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers a correctly signed but arbitrary body without 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, async (body) => {
        const status = await post('/webhooks/meta', body, {
          'content-type': 'application/json',
          'x-hub-signature-256': signMetaPayload(LOCAL_META_APP_SECRET, body),
        });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await stack.idle();
  });

  it('echoes the subscription challenge only for the right verify token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string({ maxLength: 40 })),
        fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constant(LOCAL_META_VERIFY_TOKEN))),
        fc.option(fc.string({ maxLength: 40 })),
        async (mode, token, challenge) => {
          const query = new URLSearchParams();
          if (mode !== null) query.set('hub.mode', mode);
          if (token !== null) query.set('hub.verify_token', token);
          if (challenge !== null) query.set('hub.challenge', challenge);
          const response = await fetch(`${stack.url}/webhooks/meta?${query}`);
          await response.arrayBuffer();
          outcomes.requests++;
          if (response.status >= 500) outcomes.serverErrors++;
          expect(response.status).toBeLessThan(500);
          if (response.status === 200) expect(token).toBe(LOCAL_META_VERIFY_TOKEN);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
