import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/store/keys.js';
import { messagingPayload, metaJson, postMetaWebhook, whatsAppText } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, type LocalStack } from '../../local-stack/stack.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { graphError, startFakeGraphApi } from '../support/fake-graph-api.js';
import { startTestStack } from '../support/local-stack.js';

const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '104857600000001';

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let tenantId: string;

beforeAll(async () => {
  graph = await startFakeGraphApi();
  // With a META_ACCESS_TOKEN the worker sends through the Graph API (here: the fake one).
  stack = await startTestStack({
    env: {
      META_ACCESS_TOKEN: 'platform-meta-token',
      META_GRAPH_BASE_URL: graph.url,
      META_GRAPH_VERSION: 'v25.0',
    },
  });
  const business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550004001',
    name: 'Bella Pizza',
    facts: ['We are open Tuesday to Sunday, from 11am to 10pm.'],
  });
  tenantId = business.tenantId;
  await business.connect('whatsapp', PHONE_NUMBER_ID);
  await business.connect('messenger', PAGE_ID);
});
afterAll(async () => {
  await stack?.close();
  await graph?.close();
});

const post = (payload: unknown) => postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, metaJson(payload));

describe('replies through the Graph API, from the answer worker', () => {
  it('sends a WhatsApp answer to the phone number id node with the business’s own token, never the platform’s', async () => {
    const before = graph.requests.length;
    expect((await post(whatsAppText(PHONE_NUMBER_ID, '16505559001', 'When are you open?'))).status).toBe(200);
    await stack.idle();

    const sent = graph.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      path: `/v25.0/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer test-token-whatsapp-${PHONE_NUMBER_ID}`,
      body: { messaging_product: 'whatsapp', to: '16505559001', type: 'text' },
    });
    expect((sent[0]!.body.text as { body: string }).body).toMatch(/Tuesday to Sunday/);
    expect(stack.outbox.list().filter((m) => m.to === '+16505559001')).toEqual([]);
  });

  it('sends a Messenger answer as a RESPONSE to the page', async () => {
    const before = graph.requests.length;
    graph.answer(() => ({ status: 200, body: { recipient_id: '7101', message_id: 'm_1' } }));
    await post(messagingPayload('page', PAGE_ID, '7101', { text: 'When are you open?' }));
    await stack.idle();

    expect(graph.requests.slice(before)).toMatchObject([
      { path: `/v25.0/${PAGE_ID}/messages`, body: { recipient: { id: '7101' }, messaging_type: 'RESPONSE' } },
    ]);
  });

  it('makes one attempt when Meta answers 131047, records why, and dead-letters nothing', async () => {
    const before = graph.requests.length;
    graph.answer(() => graphError(131047));
    await post(whatsAppText(PHONE_NUMBER_ID, '16505559002', 'When are you open?'));
    await stack.idle();

    expect(graph.requests.length - before).toBe(1);
    expect(stack.deadLetters.list()).toEqual([]);
    const { Items = [] } = await stack.runtime.table.client.send(
      new QueryCommand({
        TableName: stack.runtime.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': keys.tenantProfile(tenantId).pk, ':sk': 'DELIVERY#meta#unsent-' },
      }),
    );
    expect(Items.filter((i) => i.recipient === '+16505559002')).toMatchObject([
      { status: 'failed', errorCode: 'outside-24h-window' },
    ]);
  });
});
