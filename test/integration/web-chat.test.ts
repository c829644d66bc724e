import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putWidgetSettings } from '../../functions/store/widget-settings.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { webVisitor } from '../support/web-visitor.js';

const SITE = 'https://harbourbikes.example';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A business registered by chat (so its owner gets alerts), with one fact and its site listed. */
const chatBusiness = async (ownerNumber: string, name: string, fact: string) => {
  const owner = participant(stack, ownerNumber);
  const registered = await owner.ask(`!register ${name}`);
  const tenantId = stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
  await owner.ask(`!add ${fact}`);
  await putWidgetSettings(stack.runtime.table, tenantId, {
    allowedOrigins: [SITE],
    accentColor: '#225588',
    greeting: 'Ahoy! Ask us anything.',
    title: '',
  });
  return { owner, tenantId };
};

describe('web chat', () => {
  it('answers a visitor from the knowledge, by polling, and keeps the conversation across a reload', async () => {
    // Prepare
    const { tenantId } = await chatBusiness(
      'whatsapp:+15550710001',
      'Harbour Bikes',
      'Bike rental costs $25 per day.',
    );
    const visitor = webVisitor(stack, tenantId, SITE, `${SITE}/rentals?utm=mail#top`);

    // Act
    const started = await visitor.start();
    const sent = await visitor.send('How much is bike rental per day?');
    const reply = await visitor.waitForReply(sent.json.entry.id);
    await stack.idle();
    const reloaded = webVisitor(stack, tenantId, SITE);
    reloaded.session = visitor.session;
    const resumed = await reloaded.start();

    // Assess
    expect(started.status).toBe(200);
    expect(started.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(started.json.widget).toEqual({
      title: 'Harbour Bikes',
      greeting: 'Ahoy! Ask us anything.',
      accentColor: '#225588',
    });
    expect(sent.status).toBe(202);
    expect(reply.author).toBe('assistant');
    expect(reply.text).toContain('$25');
    expect(resumed.json.resumed).toBe(true);
    expect(resumed.json.entries.map((e: { author: string }) => e.author)).toEqual(['visitor', 'assistant']);
  });

  it('posts the reply to the open page over the WebSocket, once per message', async () => {
    const { tenantId } = await chatBusiness(
      'whatsapp:+15550720001',
      'Quay Kayaks',
      'A kayak tour costs $40 per person.',
    );
    const visitor = webVisitor(stack, tenantId, SITE);
    await visitor.start();
    const page = await visitor.connect();

    await visitor.send('How much is a kayak tour?');
    await visitor.send('Do you have life jackets for kids?');
    await stack.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const all = await visitor.poll(undefined, false);
    page.socket.close();

    const replies = all.json.entries.filter((e: { author: string }) => e.author === 'assistant');
    expect(replies).toHaveLength(2);
    expect(page.frames.map((f) => f.entry.id)).toEqual(replies.map((e: { id: string }) => e.id));
    expect(page.frames[0]!.entry.text).toContain('$40');
  });

  it("hands a visitor who asks for a person to the owner, whose !reply reaches the visitor's page", async () => {
    const { owner, tenantId } = await chatBusiness(
      'whatsapp:+15550730001',
      'Pier Paddles',
      'Paddle boards cost $15 an hour.',
    );
    const visitor = webVisitor(stack, tenantId, SITE, `${SITE}/contact`);
    await visitor.start();
    const ownerBefore = owner.received().length;

    const asked = await visitor.send('Can I speak to a real person please?');
    const handoff = await visitor.waitForReply(asked.json.entry.id);
    await stack.idle();
    const alert = owner.received()[ownerBefore]!.text;
    const visitorId = /!reply (v\w+)/.exec(alert)?.[1];
    const receipt = await owner.ask(`!reply ${visitorId} Hi, this is Sam from Pier Paddles. How can I help?`);
    const personal = await visitor.waitForReply(handoff.id);

    expect(handoff.text).toMatch(/a person will reply/);
    expect(visitorId).toMatch(/^v\w+$/);
    expect(receipt).toContain(`Sent to ${visitorId}`);
    expect(personal).toMatchObject({
      author: 'person',
      text: 'Hi, this is Sam from Pier Paddles. How can I help?',
    });
  });

  it("lists web conversations with the page they started on, and the console's reply reaches the page", async () => {
    const tenant = await createTenantClient(stack, 'Marina Cafe');
    await tenant.call('PUT', '/v1/website', {
      allowedOrigins: [`${SITE}/`],
      accentColor: '#aa3300',
      greeting: '',
      title: 'Marina Cafe chat',
    });
    const visitor = webVisitor(stack, tenant.tenantId, SITE, `${SITE}/menu?table=4`);
    await visitor.start();
    const asked = await visitor.send('Are you open on Sundays?');
    const first = await visitor.waitForReply(asked.json.entry.id);
    await stack.idle();

    const { json: list } = await tenant.call('GET', '/v1/conversations');
    const conversation = list.conversations.find((c: { channel: string }) => c.channel === 'web');
    const answered = await tenant.call('POST', `/v1/conversations/${conversation.conversationId}/messages`, {
      text: 'Yes, 9 to 5 on Sundays!',
    });
    const personal = await visitor.waitForReply(first.id);

    expect(conversation.page).toBe(`${SITE}/menu`);
    expect(answered.status).toBe(202);
    expect(personal).toMatchObject({ author: 'person', text: 'Yes, 9 to 5 on Sundays!' });
  });

  it('shows a name and e-mail only once the visitor leaves them, and erases the visitor with the conversation', async () => {
    // Prepare
    const tenant = await createTenantClient(stack, 'Dockside Books');
    await tenant.call('PUT', '/v1/website', {
      allowedOrigins: [SITE],
      accentColor: '#334455',
      greeting: '',
      title: '',
    });
    const visitor = webVisitor(stack, tenant.tenantId, SITE);
    const { json: started } = await visitor.start();
    await visitor.waitForReply((await visitor.send('Do you sell maps?')).json.entry.id);
    await stack.idle();
    const { json: list } = await tenant.call('GET', '/v1/conversations');
    const id = list.conversations[0].conversationId;
    const anonymous = await tenant.call('GET', `/v1/conversations/${id}`);

    // Act
    const left = await visitor.post('/widget/contact', { name: 'Ada', email: 'ada@example.com' });
    const named = await tenant.call('GET', `/v1/conversations/${id}`);
    const erased = await tenant.call('POST', '/v1/customers/erase', { customer: started.visitorId });
    const afterErase = await visitor.poll(undefined, false);

    // Assess
    expect(anonymous.json.visitor).toBeUndefined();
    expect(left.status).toBe(200);
    expect(named.json.visitor).toEqual({ name: 'Ada', email: 'ada@example.com' });
    expect(erased.status).toBe(200);
    expect(erased.json.erased.webRecords).toBeGreaterThanOrEqual(3);
    expect(afterErase.json.entries).toEqual([]);
    expect((await visitor.post('/widget/contact', { name: 'Ada' })).status).toBe(403);
  });

  it('answers a burst of visitor messages once, as on other channels', async () => {
    // Prepare: a stack with a burst window.
    const bursty = await startTestStack({ env: { BURST_WINDOW_MS: '600' } });
    try {
      const tenant = await createTenantClient(bursty, 'Lighthouse Tours');
      await tenant.call('PUT', '/v1/website', {
        allowedOrigins: [SITE],
        accentColor: '#112233',
        greeting: '',
        title: '',
      });
      const visitor = webVisitor(bursty, tenant.tenantId, SITE);
      await visitor.start();

      // Act
      await visitor.send('hi');
      await visitor.send('do you run tours on Sundays?');
      await bursty.idle();
      const { json } = await visitor.poll(undefined, false);

      // Assess: two messages, one reply.
      expect(json.entries.map((e: { author: string }) => e.author)).toEqual([
        'visitor',
        'visitor',
        'assistant',
      ]);
    } finally {
      await bursty.close();
    }
  });
});
