import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/store/keys.js';
import {
  messagingPayload,
  metaJson,
  postMetaWebhook,
  whatsAppChange,
  whatsAppPayload,
  whatsAppText,
} from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, LOCAL_META_VERIFY_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '104857600000001';
const INSTAGRAM_ID = '17841400000000001';

let stack: LocalStack;
let tenantId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550001001',
    name: 'Bella Pizza',
    facts: [
      'We are open Tuesday to Sunday, from 11am to 10pm.',
      'A large margherita pizza costs 14 euros.',
      'Le café est servi toute la journée, avec des croissants.',
    ],
  });
  tenantId = business.tenantId;
  await business.connect('whatsapp', PHONE_NUMBER_ID);
  await business.connect('messenger', PAGE_ID);
  await business.connect('instagram', INSTAGRAM_ID);
});
afterAll(async () => {
  await stack?.close();
});

const post = (payload: unknown) => postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, metaJson(payload));
const repliesTo = (to: string) => stack.outbox.list().filter((m) => m.to === to);
const waitForReply = (to: string, after = 0) => stack.outbox.waitFor((m) => m.to === to, 10_000, after);

describe('GET /webhooks/meta (subscription check)', () => {
  const verify = (query: string) => fetch(`${stack.url}/webhooks/meta?${query}`);

  it('echoes the challenge as text/plain when the verify token matches', async () => {
    const response = await verify(
      `hub.mode=subscribe&hub.verify_token=${LOCAL_META_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it('answers 403 to a wrong token, a wrong mode or a missing challenge', async () => {
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1',
      `hub.mode=unsubscribe&hub.verify_token=${LOCAL_META_VERIFY_TOKEN}&hub.challenge=1`,
      `hub.mode=subscribe&hub.verify_token=${LOCAL_META_VERIFY_TOKEN}`,
      '',
    ]) {
      expect((await verify(query)).status).toBe(403);
    }
  });
});

describe('POST /webhooks/meta: WhatsApp Cloud API', () => {
  it('answers a text message from the business facts, on WhatsApp, from the receiving number', async () => {
    const posted = await post(whatsAppText(PHONE_NUMBER_ID, '16505551234', 'What are your opening hours?'));
    expect(posted.status).toBe(200);
    const reply = await waitForReply('+16505551234');
    expect(reply).toMatchObject({ provider: 'meta', channel: 'whatsapp', from: PHONE_NUMBER_ID, tenantId });
    expect(reply.text).toMatch(/Tuesday to Sunday/);
  });

  it('reads interactive button and list replies and template quick replies as what the customer said', async () => {
    const message = (from: string, extra: Record<string, unknown>) =>
      whatsAppPayload([
        whatsAppChange(PHONE_NUMBER_ID, {
          messages: [{ from, id: `wamid.${from}`, timestamp: `${Math.floor(Date.now() / 1000)}`, ...extra }],
        }),
      ]);
    await post(
      message('16505550001', {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'hours', title: 'Opening hours' } },
      }),
    );
    await post(
      message('16505550002', {
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'price', title: 'Margherita price', description: 'large' },
        },
      }),
    );
    await post(
      message('16505550003', { type: 'button', button: { payload: 'P1', text: 'Large pizza price' } }),
    );

    expect((await waitForReply('+16505550001')).text).toMatch(/11am to 10pm/);
    expect((await waitForReply('+16505550002')).text).toMatch(/14 euros/);
    expect((await waitForReply('+16505550003')).text).toMatch(/14 euros/);
  });

  it('answers an image caption as text, and explains it reads text when there is none', async () => {
    const image = (from: string, caption?: string) =>
      whatsAppPayload([
        whatsAppChange(PHONE_NUMBER_ID, {
          messages: [
            {
              from,
              id: `wamid.img${from}`,
              timestamp: `${Math.floor(Date.now() / 1000)}`,
              type: 'image',
              image: { mime_type: 'image/jpeg', sha256: 'abc', id: '2754859441498128', caption },
            },
          ],
        }),
      ]);
    await post(image('16505550011', 'How much is a large margherita?'));
    await post(image('16505550012'));
    expect((await waitForReply('+16505550011')).text).toMatch(/14 euros/);
    expect((await waitForReply('+16505550012')).text).toMatch(/only read text/);
  });

  it('records delivery statuses and never answers them', async () => {
    const before = stack.outbox.list().length;
    const wamid = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QzdGRkM0NkJBQjM5NjI3NTQA';
    const status = (value: string) =>
      whatsAppPayload([
        whatsAppChange(PHONE_NUMBER_ID, {
          statuses: [{ id: wamid, status: value, timestamp: '1750857384', recipient_id: '16505551234' }],
        }),
      ]);
    expect((await post(status('delivered'))).status).toBe(200);
    expect((await post(status('sent'))).status).toBe(200);
    await stack.idle();

    const { Item } = await stack.runtime.table.client.send(
      new GetCommand({
        TableName: stack.runtime.table.name,
        Key: keys.delivery(tenantId, 'meta', wamid),
      }),
    );
    // Out of order: `sent` arrived after `delivered` and did not overwrite it.
    expect(Item).toMatchObject({ status: 'delivered', recipient: '16505551234' });
    expect(stack.outbox.list().length).toBe(before);
  });

  it('answers a duplicate delivery once', async () => {
    const payload = whatsAppText(PHONE_NUMBER_ID, '16505550021', 'Opening hours?', {
      id: 'wamid.duplicate-1',
    });
    const [first, second] = await Promise.all([post(payload), post(payload)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await post(payload)).status).toBe(200);
    await waitForReply('+16505550021');
    await stack.idle();
    expect(repliesTo('+16505550021')).toHaveLength(1);
  });

  it("verifies the signature over Meta's escaped bytes: unicode and slashes", async () => {
    const payload = whatsAppText(
      PHONE_NUMBER_ID,
      '33612345678',
      'Le café est servi avec des croissants? Voir https://bella.example/menu',
      { name: 'Zoë Lefèvre' },
    );
    const raw = metaJson(payload);
    expect(raw).toContain('caf\\u00e9');
    expect(raw).toContain('https:\\/\\/bella.example\\/menu');

    expect((await postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, raw)).status).toBe(200);
    expect((await waitForReply('+33612345678')).text).toMatch(/café est servi/);
    // The customer's profile name is kept, unescaped, with their last message time.
    const { Item } = await stack.runtime.table.client.send(
      new GetCommand({
        TableName: stack.runtime.table.name,
        Key: keys.messagingWindow(tenantId, '+33612345678', 'whatsapp', PHONE_NUMBER_ID),
      }),
    );
    expect(Item).toMatchObject({ profileName: 'Zoë Lefèvre', lastInboundAt: expect.any(String) });
  });

  it('refuses with 403, queueing nothing, after one tampered byte or without a signature', async () => {
    const raw = Buffer.from(metaJson(whatsAppText(PHONE_NUMBER_ID, '16505550031', 'Opening hours?')));
    const { signMetaPayload } = await import('../../functions/channels/meta/signature.js');
    const signature = signMetaPayload(LOCAL_META_APP_SECRET, raw);
    const tampered = Buffer.from(raw);
    const at = tampered.indexOf('Opening');
    tampered[at] = 'o'.charCodeAt(0);

    expect((await postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, tampered, signature)).status).toBe(403);
    expect((await postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, raw, '')).status).toBe(403);
    expect((await postMetaWebhook(stack.url, 'another-app-secret', raw)).status).toBe(403);
    await stack.idle();
    expect(repliesTo('+16505550031')).toHaveLength(0);
  });

  it('acknowledges a message for an unknown phone number id without answering it', async () => {
    const posted = await post(whatsAppText('999999999999999', '16505550041', 'Opening hours?'));
    expect(posted.status).toBe(200);
    await stack.idle();
    expect(repliesTo('+16505550041')).toHaveLength(0);
  });

  it('sends nothing outside the 24-hour window and records why', async () => {
    const dayAndAnHourAgo = Math.floor(Date.now() / 1000) - 25 * 3600;
    const posted = await post(
      whatsAppText(PHONE_NUMBER_ID, '16505550051', 'Opening hours?', { timestamp: dayAndAnHourAgo }),
    );
    expect(posted.status).toBe(200);
    await stack.idle();

    expect(repliesTo('+16505550051')).toHaveLength(0);
    const { Items = [] } = await stack.runtime.table.client.send(
      new QueryCommand({
        TableName: stack.runtime.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': keys.tenantProfile(tenantId).pk, ':sk': 'DELIVERY#meta#unsent-' },
      }),
    );
    expect(Items.filter((i) => i.recipient === '+16505550051')).toMatchObject([
      { status: 'failed', errorCode: 'outside-24h-window' },
    ]);
  });

  it('answers a batch of 100 events at once, each exactly once', async () => {
    const customers = Array.from({ length: 100 }, (_, i) => `1650560${String(i).padStart(4, '0')}`);
    const now = `${Math.floor(Date.now() / 1000)}`;
    // Several entries and changes, as Meta batches them.
    const payload = whatsAppPayload(
      Array.from({ length: 10 }, (_, c) =>
        whatsAppChange(PHONE_NUMBER_ID, {
          contacts: customers
            .slice(c * 10, c * 10 + 10)
            .map((waId) => ({ wa_id: waId, profile: { name: waId } })),
          messages: customers.slice(c * 10, c * 10 + 10).map((waId) => ({
            from: waId,
            id: `wamid.batch-${waId}`,
            timestamp: now,
            type: 'text',
            text: { body: 'What are your opening hours?' },
          })),
        }),
      ),
    );
    const started = Date.now();
    const posted = await post(payload);
    const elapsed = Date.now() - started;

    expect(posted.status).toBe(200);
    // Meta waits about 20 s; locally dynalite and the answer worker share one CPU with the webhook.
    expect(elapsed).toBeLessThan(60_000);
    await stack.idle();
    await Promise.all(customers.map((waId) => waitForReply(`+${waId}`)));
    for (const waId of customers) expect(repliesTo(`+${waId}`)).toHaveLength(1);
  });
});

describe('POST /webhooks/meta: Messenger and Instagram', () => {
  it('answers Messenger and Instagram messages on their own channel, from the business id', async () => {
    await post(messagingPayload('page', PAGE_ID, '7001', { text: 'What are your opening hours?' }));
    await post(
      messagingPayload('instagram', INSTAGRAM_ID, '8001', { text: 'How much is a large margherita?' }),
    );

    expect(await waitForReply('7001')).toMatchObject({
      provider: 'meta',
      channel: 'messenger',
      from: PAGE_ID,
      text: expect.stringMatching(/Tuesday to Sunday/),
    });
    expect(await waitForReply('8001')).toMatchObject({
      channel: 'instagram',
      from: INSTAGRAM_ID,
      text: expect.stringMatching(/14 euros/),
    });
  });

  it('ignores echoes, our own messages, deleted and unsupported messages', async () => {
    await post(messagingPayload('page', PAGE_ID, '7002', { text: 'Opening hours?', is_echo: true }));
    await post(messagingPayload('page', PAGE_ID, PAGE_ID, { text: 'Opening hours?' }));
    await post(
      messagingPayload('instagram', INSTAGRAM_ID, '8002', { text: 'Opening hours?', is_deleted: true }),
    );
    await post(messagingPayload('instagram', INSTAGRAM_ID, '8003', { is_unsupported: true }));
    await stack.idle();
    for (const to of ['7002', PAGE_ID, '8002', '8003']) expect(repliesTo(to)).toHaveLength(0);
  });
});
