import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaPayload } from '../../functions/channels/meta/signature.js';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import { LOCAL_META_APP_SECRET, LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { postTwilioMessage, twilioMessageForm } from '../../local-stack/twilio-client.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('webhook body limits', () => {
  it('refuses a signed Twilio form over 64 KB with 413, and still takes a normal one', async () => {
    // Prepare
    const url = `${stack.url}/webhooks/twilio/messaging`;
    const form = twilioMessageForm({
      from: 'whatsapp:+15559100001',
      to: 'whatsapp:+14155238886',
      body: 'x'.repeat(70_000),
    });

    // Act
    const big = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url, form),
      },
      body: new URLSearchParams(form).toString(),
    });
    const normal = await postTwilioMessage(stack.url, LOCAL_TWILIO_AUTH_TOKEN, {
      from: 'whatsapp:+15559100001',
      to: 'whatsapp:+14155238886',
      body: 'hello',
    });
    await stack.idle();

    // Assess
    expect(big.status).toBe(413);
    expect(normal.status).toBe(200);
  });

  it('refuses a signed Meta body over 1 MB with 413', async () => {
    const body = JSON.stringify({ object: 'page', entry: [], padding: 'x'.repeat(1_100_000) });
    const response = await fetch(`${stack.url}/webhooks/meta`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signMetaPayload(LOCAL_META_APP_SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(413);
  });
});
