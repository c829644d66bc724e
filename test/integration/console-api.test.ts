import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A tenant whose customer asked what the business could not answer, and said yes to a person. */
const tenantWithHandoff = async (name: string, customerNumber: string) => {
  const owner = await createTenantClient(stack, name);
  const { json: tenant } = await owner.call('GET', '/v1/tenant');
  const customer = participant(stack, customerNumber);
  expect(await customer.ask(`!business ${tenant.code} Do you deliver on Sundays?`)).toMatch(/Reply YES/);
  await customer.ask('yes');
  await stack.idle();
  const { json } = await owner.call('GET', '/v1/conversations');
  return { owner, customer, conversationId: json.conversations[0].conversationId as string };
};

describe('browser preflight', () => {
  it('answers a CORS preflight without a key, and reveals nothing', async () => {
    const response = await fetch(`${stack.url}/v1/tenant/profile`, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.example', 'access-control-request-method': 'PUT' },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});

describe('business profile', () => {
  it('reads and replaces name, persona and tone, hours and language', async () => {
    // Prepare
    const owner = await createTenantClient(stack, 'Profile Bakery');

    // Act
    const put = await owner.call('PUT', '/v1/tenant/profile', {
      name: 'Profile Bakery & Cafe',
      tone: 'Rosa: warm, brief',
      hours: 'Mon-Sat 7:00-15:00',
      language: 'Spanish',
    });
    const cleared = await owner.call('PUT', '/v1/tenant/profile', {
      name: 'Profile Bakery & Cafe',
      tone: '',
    });
    const { status, json } = await owner.call('GET', '/v1/tenant/profile');

    // Assess
    expect(put.status).toBe(200);
    expect(cleared.status).toBe(200);
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: 'Profile Bakery & Cafe', tone: '', hours: '', language: '' });
    expect(json.code).toMatch(/_\d{4}$/);
    expect((await owner.call('GET', '/v1/tenant')).json.name).toBe('Profile Bakery & Cafe');
  });

  it('refuses a profile without a name or with unknown fields', async () => {
    const owner = await createTenantClient(stack, 'Strict Bakery');
    expect((await owner.call('PUT', '/v1/tenant/profile', { name: ' ' })).status).toBe(400);
    expect((await owner.call('PUT', '/v1/tenant/profile', { name: 'X', owner: 'me' })).status).toBe(400);
  });
});

describe('test chat', () => {
  it('says plainly when it does not know, and sends, logs and records nothing', async () => {
    // Prepare
    const owner = await createTenantClient(stack, 'Try Cycles');
    const sentBefore = stack.outbox.list().length;

    // Act
    const { status, json } = await owner.call('POST', '/v1/assistant/try', {
      question: 'What does a tune-up cost?',
    });

    // Assess: no customer turn, no conversation, no knowledge gap, nothing in the outbox.
    expect(status).toBe(200);
    expect(json.grounded).toBe(false);
    expect(json.sources).toEqual([]);
    expect(stack.outbox.list().length).toBe(sentBefore);
    expect((await owner.call('GET', '/v1/conversations')).json.conversations).toEqual([]);
    expect((await owner.call('GET', '/v1/insights')).json.openGaps).toEqual([]);
  });
});

describe('knowledge gaps', () => {
  it('answers a gap in one call: the fact is added, the gap closes, and the test chat cites it', async () => {
    // Prepare
    const { owner } = await tenantWithHandoff('Gap Florist', 'whatsapp:+15550720001');
    const { json: before } = await owner.call('GET', '/v1/insights');
    const gapId = before.openGaps[0].gapId as string;

    // Act
    const answered = await owner.call('POST', `/v1/insights/gaps/${gapId}/answer`, {
      answer: 'Yes, we deliver on Sundays from 9:00 to 13:00.',
    });
    const tried = await owner.call('POST', '/v1/assistant/try', { question: 'Do you deliver on Sundays?' });

    // Assess
    expect(answered.status).toBe(201);
    expect((await owner.call('GET', '/v1/insights')).json.openGaps).toEqual([]);
    expect(tried.json.grounded).toBe(true);
    expect(tried.json.answer).toContain('9:00');
    expect(tried.json.sources[0]).toMatchObject({ documentId: answered.json.documentId, chunk: 0 });
    expect(tried.json.sources[0].text).toContain('deliver on Sundays');
  });

  it('answers 404 for a gap that is not open in this tenant', async () => {
    const { owner } = await tenantWithHandoff('Gap Owner One', 'whatsapp:+15550730001');
    const other = await createTenantClient(stack, 'Gap Owner Two');
    const { json } = await owner.call('GET', '/v1/insights');
    const path = `/v1/insights/gaps/${json.openGaps[0].gapId}/answer`;
    expect((await other.call('POST', path, { answer: 'Sure.' })).status).toBe(404);
    expect((await owner.call('POST', '/v1/insights/gaps/not-a-gap/answer', { answer: 'Sure.' })).status).toBe(
      404,
    );
  });
});

describe('take over and hand back', () => {
  it('silences the assistant after take over and lets it answer again after hand back', async () => {
    // Prepare: a conversation the assistant is answering.
    const owner = await createTenantClient(stack, 'Takeover Tailor');
    const { json: tenant } = await owner.call('GET', '/v1/tenant');
    const customer = participant(stack, 'whatsapp:+15550740001');
    await customer.ask(`!business ${tenant.code}`);
    expect(await customer.ask('Hello, do you hem trousers?')).toMatch(/Reply YES/);
    const { json } = await owner.call('GET', '/v1/conversations');
    const id = json.conversations[0].conversationId as string;

    // Act: take over; the customer writes; the owner replies; hand back.
    const taken = await owner.call('POST', `/v1/conversations/${id}/takeover`);
    const before = customer.received().length;
    await customer.post('Are you there?');
    await stack.idle();
    const silent = customer.received().length === before;
    const listed = (await owner.call('GET', `/v1/conversations/${id}`)).json;
    const reply = await owner.call('POST', `/v1/conversations/${id}/messages`, { text: 'Yes, $8 a pair.' });
    await stack.idle();
    const resumed = await owner.call('POST', `/v1/conversations/${id}/resume`);
    const after = (await owner.call('GET', `/v1/conversations/${id}`)).json;

    // Assess
    expect(taken.json.status).toBe('with-person');
    expect(silent).toBe(true);
    expect(listed.status).toBe('with-person');
    expect(reply.status).toBeLessThan(300);
    expect(customer.received().at(-1)!.text).toBe('Yes, $8 a pair.');
    expect(resumed.json.status).toBe('assistant');
    expect(after.status).toBe('assistant');
    expect(await customer.ask('Do you hem trousers?')).toMatch(/Reply YES|\$/);
  });

  it('answers 404 for another tenant conversation', async () => {
    const { conversationId } = await tenantWithHandoff('Takeover One', 'whatsapp:+15550750001');
    const other = await createTenantClient(stack, 'Takeover Two');
    expect((await other.call('POST', `/v1/conversations/${conversationId}/resume`)).status).toBe(404);
    expect((await other.call('POST', `/v1/conversations/${conversationId}/takeover`)).status).toBe(404);
  });
});
