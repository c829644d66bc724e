import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaJson, postMetaWebhook, whatsAppChange, whatsAppPayload } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, type LocalStack } from '../../local-stack/stack.js';
import { newMessageSid } from '../../local-stack/twilio-client.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

const PHONE_NUMBER_ID = '106540352242988';

let stack: LocalStack;

const whatsAppMedia = (waId: string, type: 'audio' | 'image', media: Record<string, unknown>) =>
  whatsAppPayload([
    whatsAppChange(PHONE_NUMBER_ID, {
      contacts: [{ profile: { name: 'Lucía' }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: `wamid.${newMessageSid()}`,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type,
          [type]: media,
        },
      ],
    }),
  ]);

const ask = async (payload: unknown, to: string): Promise<string> => {
  const seen = stack.outbox.list().length;
  await postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, metaJson(payload));
  return (await stack.outbox.waitFor((m) => m.to === to, 10_000, seen)).text;
};

beforeAll(async () => {
  // No OPENAI_API_KEY, no model: nothing can be transcribed or seen.
  stack = await startTestStack();
  const business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550004301',
    name: 'Bella Pizza',
    facts: ['We are open Tuesday to Sunday, from 11am to 10pm.'],
  });
  await business.connect('whatsapp', PHONE_NUMBER_ID);
  await business.admin('PATCH', '/v1/tenant/profile', { language: 'Spanish' });
});
afterAll(async () => {
  await stack?.close();
});

describe('voice notes and photos without a key', () => {
  it('answers a voice note with the polite text-only reply, in the business’s language', async () => {
    const reply = await ask(
      whatsAppMedia('16505559501', 'audio', { id: '8001', mime_type: 'audio/ogg' }),
      '+16505559501',
    );
    expect(reply).toBe('Por ahora solo puedo leer texto. Escribe tu pregunta y te ayudo.');
  });

  it('answers in the customer’s own language when their earlier messages tell it', async () => {
    const customer = '16505559502';
    await ask(
      whatsAppPayload([
        whatsAppChange(PHONE_NUMBER_ID, {
          messages: [
            {
              from: customer,
              id: `wamid.${newMessageSid()}`,
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: 'text',
              text: { body: 'Are you open on the weekend and what are the hours?' },
            },
          ],
        }),
      ]),
      `+${customer}`,
    );
    const reply = await ask(whatsAppMedia(customer, 'audio', { id: '8002' }), `+${customer}`);
    expect(reply).toBe("I can only read text for now. Please type your question and I'll help.");
  });

  it('answers a photo’s caption alone when no model sees images', async () => {
    const reply = await ask(
      whatsAppMedia('16505559503', 'image', {
        id: '8003',
        mime_type: 'image/jpeg',
        caption: 'When are you open?',
      }),
      '+16505559503',
    );
    expect(reply).toMatch(/Tuesday to Sunday/);
  });

  it('answers a photo without a caption with the polite reply', async () => {
    const reply = await ask(
      whatsAppMedia('16505559504', 'image', { id: '8004', mime_type: 'image/jpeg' }),
      '+16505559504',
    );
    expect(reply).toMatch(/solo puedo leer texto/);
  });
});
