import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_AGE_MS } from '../../functions/channels/meta/webhook.js';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import { arrivalGroupOf, arrivalKeyOf } from '../../functions/store/inbound-arrivals.js';
import { keys } from '../../functions/store/keys.js';
import { messagingPayload, metaJson, postMetaWebhook, whatsAppText } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newMessageSid, twilioMessageForm } from '../../local-stack/twilio-client.js';
import { newCallSid, twilioCallForm } from '../../local-stack/twilio-voice-client.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { SHARED_NUMBER, startTestStack } from '../support/local-stack.js';

/**
 * What the edges refuse before any work: malformed addresses on signed webhooks (400, nothing
 * queued), Meta messages older than the dedupe window (200, nothing queued), and malformed
 * percent escapes in admin paths (400).
 */
const PHONE_NUMBER_ID = '106540352242933';
const PAGE_ID = '104857600000099';

let stack: LocalStack;
let tenantId: string;
let apiKey: string;

beforeAll(async () => {
  stack = await startTestStack();
  const business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550002002',
    name: 'Edge Cafe',
    facts: ['We are open every day from 8am to 6pm.'],
  });
  tenantId = business.tenantId;
  apiKey = business.apiKey;
  await business.connect('whatsapp', PHONE_NUMBER_ID);
  await business.connect('messenger', PAGE_ID);
});
afterAll(async () => {
  await stack?.close();
});

const postTwilio = async (path: string, form: Record<string, string>) => {
  const url = `${stack.url}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.text() };
};

/** The webhook's record of a message it queued (its dedupe claim), if any. */
const arrivalOf = async (message: {
  provider: 'twilio' | 'meta';
  to: string;
  from: string;
  providerMessageId: string;
}) =>
  (
    await stack.runtime.table.client.send(
      new GetCommand({
        TableName: stack.runtime.table.name,
        Key: keys.inboundArrival(arrivalGroupOf(message), arrivalKeyOf(message)),
      }),
    )
  ).Item;
const twilioArrivalOf = (form: Record<string, string>) =>
  arrivalOf({ provider: 'twilio', to: form.To!, from: form.From!, providerMessageId: form.MessageSid! });

describe('the Twilio webhooks refuse malformed addresses with 400', () => {
  it.each([
    ['To', '#'],
    ['To', 'whatsapp:#'],
    ['To', 'whatsapp:'],
    ['From', '+1555#0001'],
    ['From', ' '],
  ])('a signed message with %s=%j answers 400 and queues nothing', async (field, value) => {
    // Prepare
    const form = {
      ...twilioMessageForm({ from: 'whatsapp:+15559990001', to: SHARED_NUMBER, body: 'hi' }),
      [field]: value,
    };

    // Act
    const response = await postTwilio('/webhooks/twilio/messaging', form);

    // Assess
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(new RegExp(`${field}: is not a Twilio address`));
    expect(await twilioArrivalOf(form)).toBeUndefined();
  });

  it.each([
    ['SMS', '+15559990002', '+14155238886'],
    ['WhatsApp', 'whatsapp:+15559990003', SHARED_NUMBER],
    ['a short code', '+15559990004', '72345'],
    ['an alphanumeric sender', 'Anonymous', '+14155238886'],
  ])('still accepts %s', async (_, from, to) => {
    // Prepare
    const form = twilioMessageForm({ from, to, body: 'hello' });

    // Act
    const response = await postTwilio('/webhooks/twilio/messaging', form);

    // Assess
    expect(response.status).toBe(200);
    expect(await twilioArrivalOf(form)).toMatchObject({ state: 'queued' });
  });

  it('refuses a status callback whose sending number or SID could not be a key', async () => {
    const bad = await postTwilio('/webhooks/twilio/status', {
      MessageSid: newMessageSid(),
      MessageStatus: 'delivered',
      From: '#',
    });
    const badSid = await postTwilio('/webhooks/twilio/status', { MessageSid: 'SM#1', MessageStatus: 'sent' });
    expect([bad.status, badSid.status]).toEqual([400, 400]);
  });

  it('refuses a call to a malformed number, and still answers calls from a client or SIP address', async () => {
    // Prepare
    const path = '/webhooks/twilio/voice';

    // Act
    const bad = await postTwilio(
      path,
      twilioCallForm({ callSid: newCallSid(), from: '+15559990005', to: '#' }),
    );
    const client = await postTwilio(
      path,
      twilioCallForm({ callSid: newCallSid(), from: 'client:alice_1', to: '+14155550111' }),
    );
    const sip = await postTwilio(
      path,
      twilioCallForm({ callSid: newCallSid(), from: 'sip:bob@example.sip.twilio.com', to: '+14155550111' }),
    );

    // Assess
    expect(bad.status).toBe(400);
    // No business on that number: a polite hang-up in TwiML, not a refusal.
    expect([client.status, sip.status]).toEqual([200, 200]);
    expect(client.body).toMatch(/<Hangup\/>/);
  });
});

describe('the Meta webhook', () => {
  const post = (payload: unknown) => postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, metaJson(payload));
  const claimed = (messageId: string, to: string, from: string) =>
    arrivalOf({ provider: 'meta', to, from, providerMessageId: messageId });

  it('acknowledges a message older than the dedupe window without queueing it', async () => {
    // Prepare
    const old = Math.floor((Date.now() - MAX_MESSAGE_AGE_MS - 3_600_000) / 1000);
    const stale = whatsAppText(PHONE_NUMBER_ID, '15557650001', 'replayed', {
      id: 'wamid.STALE1',
      timestamp: old,
    });
    const staleMessenger = messagingPayload('page', PAGE_ID, '2489175300000001', {
      text: 'replayed',
      mid: 'm_STALE2',
    });
    staleMessenger.entry[0]!.messaging[0]!.timestamp = Date.now() - MAX_MESSAGE_AGE_MS - 60_000;
    const fresh = whatsAppText(PHONE_NUMBER_ID, '15557650002', 'When are you open?', { id: 'wamid.FRESH1' });

    // Act
    const responses = [await post(stale), await post(staleMessenger), await post(fresh)];
    await stack.idle();

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await claimed('wamid.STALE1', PHONE_NUMBER_ID, '+15557650001')).toBeUndefined();
    expect(await claimed('m_STALE2', PAGE_ID, '2489175300000001')).toBeUndefined();
    expect(await claimed('wamid.FRESH1', PHONE_NUMBER_ID, '+15557650002')).toMatchObject({ state: 'queued' });
    const to = (who: string) => stack.outbox.list().filter((m) => m.to === who);
    expect(to('+15557650001')).toEqual([]);
    expect(to('2489175300000001')).toEqual([]);
    expect(to('+15557650002')).toHaveLength(1);
  });

  it('skips items whose ids could not be keys, and still answers the rest of the batch', async () => {
    // Prepare
    const good = messagingPayload('page', PAGE_ID, '2489175300000003', {
      text: 'Open today?',
      mid: 'm_GOOD3',
    });
    const badSender = messagingPayload('page', PAGE_ID, '#', { text: 'hi', mid: 'm_BAD4' });
    const badPage = messagingPayload('page', '10485#', '2489175300000005', { text: 'hi', mid: 'm_BAD5' });
    const batch = { object: 'page', entry: [...badSender.entry, ...badPage.entry, ...good.entry] };
    const badWhatsApp = whatsAppText('#', '15557650006', 'hi', { id: 'wamid.BAD6' });

    // Act
    const responses = [await post(batch), await post(badWhatsApp)];
    await stack.idle();

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await claimed('m_GOOD3', PAGE_ID, '2489175300000003')).toMatchObject({ state: 'queued' });
    // Items whose ids could not be keys were skipped: nothing was queued for them, so no reply.
    const to = (who: string) => stack.outbox.list().filter((m) => m.to === who);
    expect([...to('#'), ...to('2489175300000005'), ...to('+15557650006')]).toEqual([]);
    expect(to('2489175300000003')).toHaveLength(1);
  });
});

describe('the admin API', () => {
  it.each(['%', '%E0%A4%A', '%zz', 'abc%'])(
    'answers 400, not 500, to the malformed escape %j in a path',
    async (segment) => {
      // Act
      const response = await fetch(`${stack.url}/v1/documents/${segment}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /malformed percent escape.*encode "%" as %25/,
      );
    },
  );

  it('still decodes a well-formed escape', async () => {
    const response = await fetch(`${stack.url}/v1/documents/no%2Dsuch%2Ddoc`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(404);
    expect(tenantId).toBeDefined();
  });
});
