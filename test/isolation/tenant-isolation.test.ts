import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../functions/admin/routes.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { webVisitor } from '../support/web-visitor.js';
import { adminAttempts, templateOf } from './admin-attempts.js';

/**
 * Tenant B holds its own key and tenant A's ids, and tries every admin route; near-identical
 * documents in 20 tenants are searched by each. A leak is any answer that lets B act on, or
 * see, what belongs to A (a 2xx or 403 on A's id, A's data in B's response, a search hit from
 * another tenant). The suite prints `leaks=<n>` and fails unless it is 0.
 */
type Tenant = Awaited<ReturnType<typeof createTenantClient>>;
let stack: LocalStack;
let tenantA: Tenant;
let tenantB: Tenant;
const A_NUMBER = '+15557610000';
const A_CUSTOMER = 'whatsapp:+15557610001';
const A_OWNER = '+15557610009';
const A_SECRET = 'Zanzibar whitening costs 250 dollars';
const A_SITE = 'https://smile-dental.example';
const ids = { document: '', conversation: '', gap: '', key: '', user: '', call: '' };
const leaks: string[] = [];
const leak = (what: string) => leaks.push(what);

const uploadText = async (tenant: Tenant, filename: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  const created = await tenant.call('POST', '/v1/documents', { filename, size: bytes.byteLength });
  if (created.status !== 201) throw new Error(`POST /v1/documents answered ${created.status}`);
  await uploadToPresignedPost(created.json.upload, bytes, filename);
  return created.json.documentId as string;
};

beforeAll(async () => {
  stack = await startTestStack();
  tenantA = await createTenantClient(stack, 'Smile Dental');
  tenantB = await createTenantClient(stack, 'Bella Pizza');
  ids.document = await uploadText(tenantA, 'prices.txt', `${A_SECRET} per session.`);
  await putChannelRoute(stack.runtime.table, {
    channel: 'twilio',
    address: A_NUMBER,
    tenantId: tenantA.tenantId,
  });
  // An alert address A added and has not confirmed yet.
  await tenantA.call('PATCH', '/v1/tenant/profile', {
    ownerContacts: [{ provider: 'twilio', channel: 'sms', address: A_OWNER, via: A_NUMBER }],
  });
  const customer = participant(stack, A_CUSTOMER, `whatsapp:${A_NUMBER}`);
  await customer.ask('Do you repair bicycles on Sundays?');
  await customer.ask('How much is whitening?');
  await stack.idle();
  const conversations = await tenantA.call('GET', '/v1/conversations');
  ids.conversation = conversations.json.conversations[0].conversationId;
  const insights = await tenantA.call('GET', '/v1/insights');
  ids.gap = JSON.stringify(insights.json).match(/"(?:gapId|id)":"([^"]+)"/)?.[1] ?? 'no-gap';
  ids.key = (await tenantA.call('GET', '/v1/keys')).json.keys[0].keyId;
  ids.user = (
    await tenantA.call('POST', '/v1/users', { email: 'amy@smile.example', role: 'staff' })
  ).json.userId;
  // A call to A's number: its log is A's.
  ids.call = newCallSid();
  await postTwilioVoice(`${stack.url}/webhooks/twilio/voice`, LOCAL_TWILIO_AUTH_TOKEN, {
    callSid: ids.call,
    from: '+15557610001',
    to: A_NUMBER,
  });
  const template = await tenantA.call('PUT', '/v1/templates', {
    channel: 'twilio',
    address: A_NUMBER,
    name: 'owner_reply',
    language: 'en',
    parameters: ['message'],
    contentSid: `HX${'a'.repeat(32)}`,
  });
  if (template.status !== 200) throw new Error(`A's template: ${template.status}`);
  const website = await tenantA.call('PUT', '/v1/website', {
    allowedOrigins: [A_SITE],
    accentColor: '#0a7d4f',
    greeting: 'Welcome to Smile Dental',
    title: '',
  });
  if (website.status !== 200) throw new Error(`A's website: ${website.status}`);
});
afterAll(async () => {
  console.log(`[isolation] leaks=${leaks.length}${leaks.length ? ` ${JSON.stringify(leaks)}` : ''}`);
  await stack?.close();
});

const attempts = () =>
  adminAttempts({
    tenantId: tenantA.tenantId,
    number: A_NUMBER,
    ownerContact: A_OWNER,
    customer: A_CUSTOMER,
    ...ids,
  });

const markersOfA = () => [
  tenantA.tenantId,
  A_SECRET,
  ids.document,
  ids.conversation,
  ids.key,
  ids.user,
  ids.call,
  'amy@smile',
  '15557610001',
  'smile-dental.example',
];

describe('tenant B with its own key and tenant A ids', () => {
  it('covers every admin route', () => {
    const tried = new Set(attempts().map((a) => `${a.method} ${templateOf(a.path, tenantA.tenantId)}`));
    const routes = ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((r) => !tried.has(r))).toEqual([]);
  });

  it('gets 404 for everything of A, and never sees A data', async () => {
    for (const attempt of attempts()) {
      const answer = await tenantB.call(attempt.method, attempt.path, attempt.body);
      const text = JSON.stringify(answer.json ?? '');
      const label = `${attempt.method} ${attempt.path} -> ${answer.status}`;
      if (attempt.owned && !(attempt.allowed ?? [404]).includes(answer.status)) leak(label);
      for (const marker of markersOfA())
        if (marker && text.includes(marker)) leak(`${label} shows ${marker}`);
    }
    // A still has everything B tried to change.
    expect((await tenantA.call('GET', `/v1/documents/${ids.document}`)).json.status).toBe('ready');
    expect((await tenantA.call('GET', `/v1/conversations/${ids.conversation}`)).status).toBe(200);
    expect((await tenantA.call('GET', '/v1/keys')).json.keys.map((k: { keyId: string }) => k.keyId)).toEqual([
      ids.key,
    ]);
    expect(leaks).toEqual([]);
  });

  it('cannot name a file out of its own prefix (path traversal)', async () => {
    for (const filename of [
      `../${tenantA.tenantId}/evil.txt`,
      `..%2F..%2F${tenantA.tenantId}%2Fevil.txt`,
      `tenants/${tenantA.tenantId}/../../evil.txt`,
      '/etc/passwd.txt',
      '..\\..\\evil.txt',
    ]) {
      const created = await tenantB.call('POST', '/v1/documents', { filename, size: 10 });
      const key: string | undefined = created.json?.upload?.fields?.key;
      // The key stays under B's prefix with no '.' or '..' segment; the name is only text in it.
      const segments = key?.split('/') ?? [];
      if (
        created.status === 201 &&
        (!key?.startsWith(`tenants/${tenantB.tenantId}/`) || segments.some((x) => x === '..' || x === '.'))
      )
        leak(`filename ${filename} -> key ${key}`);
      if (created.status >= 500) leak(`filename ${filename} -> ${created.status}`);
    }
    expect(leaks).toEqual([]);
  });

  it("never indexes an object forged under A's prefix with B's upload form", async () => {
    const bytes = new TextEncoder().encode('Forged: Zanzibar whitening is free today.');
    const created = await tenantB.call('POST', '/v1/documents', {
      filename: 'f.txt',
      size: bytes.byteLength,
    });
    const forgedKey = created.json.upload.fields.key.replaceAll(tenantB.tenantId, tenantA.tenantId);
    await uploadToPresignedPost(
      { url: created.json.upload.url, fields: { ...created.json.upload.fields, key: forgedKey } },
      bytes,
      'f.txt',
    );
    await stack.idle();
    const search = await tenantA.call('POST', '/v1/search', { query: 'Zanzibar whitening free today' });
    const list = await tenantA.call('GET', '/v1/documents');
    if (JSON.stringify(search.json).includes('Forged')) leak('forged object searchable by A');
    if (list.json.documents.length !== 1) leak(`A lists ${list.json.documents.length} documents`);
    expect(leaks).toEqual([]);
  });
});

describe('web chat across businesses', () => {
  it("keeps each business's visitors, sessions and transcripts to itself", async () => {
    // Prepare: B lists its own site; a visitor of A's site asks A.
    const B_SITE = 'https://bella-pizza.example';
    await tenantB.call('PUT', '/v1/website', {
      allowedOrigins: [B_SITE],
      accentColor: '#aa0000',
      greeting: '',
      title: '',
    });
    const visitorOfA = webVisitor(stack, tenantA.tenantId, A_SITE);
    await visitorOfA.start();
    const asked = await visitorOfA.send(`${A_SECRET}? asks a visitor`);
    await stack.idle();

    // Act: A's session presented to B (and from B's site), B's site naming A, B's own visitor.
    const sessionToB = await webVisitor(stack, tenantB.tenantId, B_SITE).poll(undefined, false, {
      session: visitorOfA.session,
    });
    const bSiteAsA = await webVisitor(stack, tenantA.tenantId, B_SITE).start();
    const visitorOfB = webVisitor(stack, tenantB.tenantId, B_SITE);
    await visitorOfB.start();
    const bTranscript = await visitorOfB.poll(undefined, false);
    const bConversations = await tenantB.call('GET', '/v1/conversations');

    // Assess
    expect(asked.status).toBe(202);
    for (const [label, answer] of [
      ['A session to B', sessionToB],
      ["B's site to A", bSiteAsA],
      ["B's visitor", bTranscript],
    ] as const) {
      if (label !== "B's visitor" && answer.status !== 403) leak(`${label} -> ${answer.status}`);
      if (JSON.stringify(answer.json ?? '').includes('Zanzibar')) leak(`${label} shows A's visitor's words`);
    }
    if (JSON.stringify(bConversations.json).includes('smile-dental')) leak("B's conversations show A's page");
    expect(leaks).toEqual([]);
  });
});

describe('retrieval across 20 tenants with near-identical documents', () => {
  it('each tenant finds only its own door code, by API search and by a customer asking', async () => {
    const tenants = await Promise.all(
      Array.from({ length: 20 }, (_, n) => createTenantClient(stack, `Harbour Bakery ${n}`)),
    );
    const codeOf = (n: number) => `DOOR${String(n).padStart(2, '0')}X`;
    await Promise.all(
      tenants.map((t, n) =>
        uploadText(
          t,
          'notes.txt',
          `Harbour Bakery branch notes. The staff door code is ${codeOf(n)}. We open at 7am.`,
        ),
      ),
    );
    await stack.idle();
    let searches = 0;
    for (const [n, tenant] of tenants.entries()) {
      const number = `+1555762${String(n).padStart(4, '0')}`;
      await putChannelRoute(stack.runtime.table, {
        channel: 'twilio',
        address: number,
        tenantId: tenant.tenantId,
      });
      const search = await tenant.call('POST', '/v1/search', { query: 'staff door code Harbour Bakery' });
      const reply = await participant(
        stack,
        `whatsapp:+1555763${String(n).padStart(4, '0')}`,
        `whatsapp:${number}`,
      ).ask('What is the staff door code?');
      const direct = await stack.runtime.knowledge.search(tenant.tenantId, 'staff door code', 20);
      searches += 3;
      const seen = `${JSON.stringify(search.json)} ${reply} ${JSON.stringify(direct)}`;
      if (!seen.includes(codeOf(n))) leak(`tenant ${n} does not find its own code`);
      for (let other = 0; other < tenants.length; other++)
        if (other !== n && seen.includes(codeOf(other))) leak(`tenant ${n} sees ${codeOf(other)}`);
    }
    console.log(`[isolation] searches=${searches} across 20 tenants`);
    expect(leaks).toEqual([]);
  });
});
