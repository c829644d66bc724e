import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/store/keys.js';
import { metaJson, postMetaWebhook, whatsAppText } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, type LocalStack } from '../../local-stack/stack.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startFakeGraphApi } from '../support/fake-graph-api.js';
import { participant, startTestStack } from '../support/local-stack.js';

const PHONE_NUMBER_ID = '106540352242955';
const TWILIO_NUMBER = '+14155550177';
const CUSTOMER_WA = '16505559301';
const DAY_AND_A_HOUR_AGO = () => new Date(Date.now() - 25 * 3600_000).toISOString();

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let business: Awaited<ReturnType<typeof registerBusinessByChat>>;

/** The customer's last message to this address, moved back past the 24-hour window. */
const closeWindow = async (customer: string, channel: string, businessAddress: string) => {
  await stack.runtime.table.client.send(
    new PutCommand({
      TableName: stack.runtime.table.name,
      Item: {
        ...keys.messagingWindow(business.tenantId, customer, channel, businessAddress),
        lastInboundAt: DAY_AND_A_HOUR_AGO(),
        profileName: 'Sheena Nelson',
      },
    }),
  );
};

const conversationOf = async (customer: string): Promise<string> => {
  const { json } = await business.admin('GET', '/v1/conversations');
  const found = ((json?.conversations ?? []) as Array<{ conversationId: string; customer: string }>).find(
    (c) => c.customer === customer,
  );
  if (!found) throw new Error(`no conversation with ${customer}`);
  return found.conversationId;
};

beforeAll(async () => {
  graph = await startFakeGraphApi();
  stack = await startTestStack({
    env: {
      META_ACCESS_TOKEN: 'platform-meta-token',
      META_GRAPH_BASE_URL: graph.url,
      META_GRAPH_VERSION: 'v25.0',
    },
  });
  business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550004101',
    name: 'Bella Pizza',
    facts: ['We are open Tuesday to Sunday, from 11am to 10pm.'],
  });
  await business.connect('whatsapp', PHONE_NUMBER_ID);
  await business.connect('twilio', TWILIO_NUMBER);
  await business.admin('PATCH', '/v1/tenant/profile', { language: 'es' });
});
afterAll(async () => {
  await stack?.close();
  await graph?.close();
});

describe('an owner writing after 24 hours on the WhatsApp Cloud API', () => {
  it('is told plainly that the customer must write first when no template is registered', async () => {
    await postMetaWebhook(
      stack.url,
      LOCAL_META_APP_SECRET,
      metaJson(whatsAppText(PHONE_NUMBER_ID, CUSTOMER_WA, 'Do you deliver?')),
    );
    await stack.idle();
    await closeWindow(`+${CUSTOMER_WA}`, 'whatsapp', PHONE_NUMBER_ID);
    const before = graph.requests.length;

    const answer = await business.admin(
      'POST',
      `/v1/conversations/${await conversationOf(`+${CUSTOMER_WA}`)}/messages`,
      {
        text: 'Yes, we deliver within 5 km.',
      },
    );
    await stack.idle();

    expect(answer.status).toBe(409);
    expect(answer.json?.message ?? JSON.stringify(answer.json)).toMatch(/customer must write first/);
    expect(graph.requests.slice(before)).toEqual([]);
  });

  it('registers templates only for its own addresses, and lists them', async () => {
    const foreign = await business.admin('PUT', '/v1/templates', {
      channel: 'whatsapp',
      address: '999999999',
      name: 'owner_reply',
      language: 'en_US',
      parameters: ['message'],
    });
    expect(foreign.status).toBe(404);
    const withoutMessage = await business.admin('PUT', '/v1/templates', {
      channel: 'whatsapp',
      address: PHONE_NUMBER_ID,
      name: 'hello',
      language: 'en_US',
      parameters: ['business'],
    });
    expect(withoutMessage.status).toBe(400);

    for (const language of ['en_US', 'es']) {
      const put = await business.admin('PUT', '/v1/templates', {
        channel: 'whatsapp',
        address: PHONE_NUMBER_ID,
        name: 'owner_reply',
        language,
        parameters: ['customer_name', 'business', 'message'],
      });
      expect(put.status).toBe(200);
    }
    const list = await business.admin('GET', '/v1/templates');
    expect(list.json?.templates).toHaveLength(2);
  });

  it('sends the owner’s reply as the template in the business’s language (asserted on the Graph API)', async () => {
    const before = graph.requests.length;
    const answer = await business.admin(
      'POST',
      `/v1/conversations/${await conversationOf(`+${CUSTOMER_WA}`)}/messages`,
      {
        text: 'Sí, repartimos\na 5 km.',
      },
    );
    await stack.idle();

    expect(answer.status).toBe(202);
    expect(answer.json?.template).toBe('owner_reply');
    const sent = graph.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      path: `/v25.0/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer test-token-whatsapp-${PHONE_NUMBER_ID}`,
      body: {
        messaging_product: 'whatsapp',
        to: CUSTOMER_WA,
        type: 'template',
        template: {
          name: 'owner_reply',
          language: { code: 'es' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Sheena Nelson' },
                { type: 'text', text: 'Bella Pizza' },
                { type: 'text', text: 'Sí, repartimos a 5 km.' },
              ],
            },
          ],
        },
      },
    });
  });

  it('sends a !reply as the template too, and tells the owner so', async () => {
    await closeWindow(`+${CUSTOMER_WA}`, 'whatsapp', PHONE_NUMBER_ID);
    const before = graph.requests.length;
    const receipt = await business.owner.ask(`!reply +${CUSTOMER_WA} Your order is ready.`);
    expect(receipt).toMatch(/approved WhatsApp template "owner_reply"/);
    expect(graph.requests.slice(before)).toMatchObject([{ body: { type: 'template' } }]);
  });

  it('refuses a message too long for a template and says by how much it must shrink', async () => {
    const answer = await business.admin(
      'POST',
      `/v1/conversations/${await conversationOf(`+${CUSTOMER_WA}`)}/messages`,
      {
        text: 'x'.repeat(1100),
      },
    );
    expect(answer.status).toBe(409);
    expect(JSON.stringify(answer.json)).toMatch(/at most 1024 characters/);
  });
});

describe('WhatsApp through Twilio', () => {
  it('gets the same pre-send window check, and its Content API template outside the window', async () => {
    const who = participant(stack, 'whatsapp:+15557650001', `whatsapp:${TWILIO_NUMBER}`);
    await who.ask('When are you open?');
    await closeWindow('whatsapp:+15557650001', 'whatsapp', `whatsapp:${TWILIO_NUMBER}`);
    const id = await conversationOf('+15557650001');

    const refused = await business.admin('POST', `/v1/conversations/${id}/messages`, {
      text: 'We open at 11.',
    });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toMatch(/customer must write first/);

    const put = await business.admin('PUT', '/v1/templates', {
      channel: 'twilio',
      address: TWILIO_NUMBER,
      name: 'owner_reply',
      language: 'en',
      parameters: ['message'],
      contentSid: `HX${'a1'.repeat(16)}`,
    });
    expect(put.status).toBe(200);
    const seen = stack.outbox.list().length;
    const queued = await business.admin('POST', `/v1/conversations/${id}/messages`, {
      text: 'We open at 11.',
    });
    await stack.idle();
    expect(queued.status).toBe(202);
    expect(stack.outbox.list().slice(seen)).toMatchObject([
      {
        to: 'whatsapp:+15557650001',
        template: { contentSid: `HX${'a1'.repeat(16)}`, parameters: ['We open at 11.'] },
      },
    ]);
  });

  it('never sends free text outside the window: the reply is recorded as not sent; SMS has no window', async () => {
    // The customer's message arrives a day late (its window already closed when it is answered).
    await closeWindow('whatsapp:+15557650001', 'whatsapp', `whatsapp:${TWILIO_NUMBER}`);
    const outbound = stack.runtime.senders.twilio!;
    const seen = stack.outbox.list().length;
    const result = await outbound.send({
      provider: 'twilio',
      channel: 'whatsapp',
      from: `whatsapp:${TWILIO_NUMBER}`,
      to: 'whatsapp:+15557650001',
      text: 'Free text a day late',
      tenantId: business.tenantId,
    });
    expect(result.providerMessageIds).toEqual([]);
    expect(stack.outbox.list().slice(seen)).toEqual([]);
    const deliveries = await stack.runtime.table.client.send(
      new QueryCommand({
        TableName: stack.runtime.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `TENANT#${business.tenantId}`, ':sk': 'DELIVERY#twilio#unsent-' },
      }),
    );
    expect(deliveries.Items?.map((d) => d.errorCode)).toContain('outside-24h-window');

    const sms = participant(stack, '+15557650002', TWILIO_NUMBER);
    expect(await sms.ask('When are you open?')).toMatch(/Tuesday to Sunday/);
  });
});
