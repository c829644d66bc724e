import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_AGE_MS } from '../../functions/channels/meta/webhook.js';
import { resolveTenantByAddress } from '../../functions/store/channel-routes.js';
import { getTenant } from '../../functions/store/tenants.js';
import { webEntriesAfter } from '../../functions/store/web-transcript.js';
import { signWebSession } from '../../functions/web/session-token.js';
import { metaJson, postMetaWebhook, whatsAppText } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { lyingDocxBomb, pdfFlateBomb } from '../../tools/fixtures/bombs.js';
import { PLATFORM_KEY, uploadToPresignedPost } from '../support/admin-client.js';
import { callAdmin, registerBusinessByChat } from '../support/channels-tenant.js';
import { type ChatBehaviour, startFakeChatServer } from '../support/fake-chat-server.js';
import { graphError, startFakeGraphApi } from '../support/fake-graph-api.js';
import { codeIn, participant, SHARED_NUMBER, startTestStack } from '../support/local-stack.js';
import { webVisitor } from '../support/web-visitor.js';

/**
 * Issue 12's attacks, replayed as an attacker would against the local stack. Each must end
 * refused, with nothing changed and nothing sent where it should not be. The suite prints
 * `attacks=<n> refused=<n>` and fails unless every attack was refused.
 */
const outcomes: Array<{ attack: string; refused: boolean }> = [];
const attack = (name: string, body: () => Promise<void>) =>
  it(name, async () => {
    let refused = false;
    try {
      await body();
      refused = true;
    } finally {
      outcomes.push({ attack: name, refused });
    }
  });

const SHARED = SHARED_NUMBER.replace('whatsapp:', '');
const VICTIM_NUMBER = '+15558880001';
const VICTIM_PHONE = '+15558880099';
const UNCLAIMED_WABA = '555000111222333';

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let model: Awaited<ReturnType<typeof startFakeChatServer>>;
let victim: Awaited<ReturnType<typeof registerBusinessByChat>>;
let attacker: Awaited<ReturnType<typeof registerBusinessByChat>>;

const knows = (): ChatBehaviour => ({
  reply: { reply: 'We are open 9 to 5.', known: true, sources: [1], intent: 'hours', sentiment: 'neutral' },
  usage: { prompt: 1000, completion: 100 },
});

beforeAll(async () => {
  graph = await startFakeGraphApi();
  // Meta confirms nothing for the attacker's tokens.
  graph.answer(() => graphError(190, 401));
  model = await startFakeChatServer(knows);
  stack = await startTestStack({
    env: {
      META_GRAPH_BASE_URL: graph.url,
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      LLM_MAX_RETRIES: '0',
      TENANT_MONTHLY_BUDGET_USD: '1',
      PLAN_TEST_CHATS_PER_MINUTE: '5',
      PLAN_DOCUMENTS: '3',
      WIDGET_VISITOR_MESSAGES_PER_MINUTE: '3',
      WIDGET_ADDRESS_REQUESTS_PER_MINUTE: '12',
      WIDGET_POLL_WAIT_MS: '0',
    },
  });
  victim = await registerBusinessByChat(stack, {
    ownerPhone: '+15558880002',
    name: 'Victim Bakery',
    facts: ['We are open 9 to 5.'],
  });
  await setPlan(victim.tenantId, { documents: 20 });
  await victim.connect('twilio', VICTIM_NUMBER);
  attacker = await registerBusinessByChat(stack, {
    ownerPhone: '+15558889999',
    name: 'Evil Corp',
    facts: [],
  });
});
const setPlan = async (tenantId: string, plan: Record<string, number>) => {
  const set = await callAdmin(stack, PLATFORM_KEY, 'PUT', `/v1/tenants/${tenantId}/plan`, plan);
  if (set.status !== 200) throw new Error(`PUT plan answered ${set.status}`);
};

afterAll(async () => {
  const refused = outcomes.filter((o) => o.refused).length;
  console.log(`[security] attacks=${outcomes.length} refused=${refused}`);
  await stack?.close();
  await graph?.close();
  await model?.close();
});

describe('attacks from issue 12, replayed', () => {
  attack('shared-number takeover: a business claims the shared number', async () => {
    const byTenant = await attacker.admin('POST', '/v1/channels', { channel: 'twilio', address: SHARED });
    const byPlatform = await callAdmin(
      stack,
      PLATFORM_KEY,
      'POST',
      `/v1/tenants/${attacker.tenantId}/channels`,
      {
        channel: 'twilio',
        address: SHARED,
      },
    );
    expect([byTenant.status, byPlatform.status]).toEqual([403, 409]);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', SHARED)).toBeUndefined();
    // A customer's next message on the shared number is still the shared number's, not the attacker's.
    const customer = participant(stack, 'whatsapp:+15558881234');
    expect(await customer.ask('My card is 4111 1111 1111 1111')).toMatch(/many businesses/);
    expect((await attacker.admin('GET', '/v1/conversations')).json?.conversations).toEqual([]);
  });

  attack(
    "Meta squatting: an unclaimed WhatsApp number id, page or Instagram account without Meta's word",
    async () => {
      for (const [channel, address] of [
        ['whatsapp', UNCLAIMED_WABA],
        ['messenger', '555000111222444'],
        ['instagram', '17841455500011'],
      ] as const) {
        const bare = await attacker.admin('POST', '/v1/channels', { channel, address });
        const forged = await attacker.admin('POST', '/v1/channels', {
          channel,
          address,
          accessToken: 'EAAG-a-token-for-something-else',
        });
        expect([bare.status, forged.status]).toEqual([400, 403]);
        expect(await resolveTenantByAddress(stack.runtime.table, channel, address)).toBeUndefined();
        expect(await stack.runtime.channelTokens.get(channel, address)).toBeUndefined();
      }
    },
  );

  attack("alerts from someone else's number: ownerContacts via another business's number", async () => {
    const before = (await getTenant(stack.runtime.table, attacker.tenantId))?.ownerContacts;
    const sent = stack.outbox.list().length;
    const patched = await attacker.admin('PATCH', '/v1/tenant/profile', {
      ownerContacts: [{ provider: 'twilio', channel: 'sms', address: VICTIM_PHONE, via: VICTIM_NUMBER }],
    });
    await stack.idle();
    expect(patched.status).toBe(400);
    expect((await getTenant(stack.runtime.table, attacker.tenantId))?.ownerContacts).toEqual(before);
    expect(stack.outbox.list().slice(sent)).toEqual([]);
  });

  attack('alerts to any phone: an unconfirmed alert address gets its code and nothing else', async () => {
    const evilNumber = '+15558887777';
    await attacker.connect('twilio', evilNumber);
    const patched = await attacker.admin('PATCH', '/v1/tenant/profile', {
      ownerContacts: [{ provider: 'twilio', channel: 'sms', address: VICTIM_PHONE, via: evilNumber }],
    });
    expect(patched).toMatchObject({ status: 200, json: { pendingConfirmation: [VICTIM_PHONE] } });
    // A handoff that would relay attacker-written text to the phone.
    await participant(stack, '+15558886666', evilNumber).ask(
      'Can I talk to a person? Call +1 900 555 0000 now',
    );
    // While the conversation is with a person, the customer's words would be relayed to the contact.
    await participant(stack, '+15558886666', evilNumber).post('Pay at evil.example now');
    await stack.idle();
    const toVictim = stack.outbox.list().filter((m) => m.to === VICTIM_PHONE);
    expect(toVictim).toHaveLength(1);
    expect(toVictim[0]!.text).toMatch(/!confirm \d{6}/);
    expect(toVictim[0]!.text).not.toMatch(/900 555|evil\.example/);
    // Guessing the code from elsewhere does not help either.
    const guess = await attacker.admin('POST', '/v1/tenant/owner-contacts/confirm', {
      address: VICTIM_PHONE,
      code: '000000',
    });
    expect([400, 404]).toContain(guess.status);
  });

  attack("!register on another business's dedicated number", async () => {
    const squatter = participant(stack, '+15558885555', VICTIM_NUMBER);
    expect(await squatter.ask('!register Squatter Inc')).toMatch(/shared number/);
    const victimTenant = await getTenant(stack.runtime.table, victim.tenantId);
    expect(
      victimTenant?.ownerContacts.every((c) => c.via !== VICTIM_NUMBER || c.address !== '+15558885555'),
    ).toBe(true);
    expect(await participant(stack, '+15558885555').ask('!help')).not.toMatch(/You run/);
  });

  attack('budget lifted by the tenant: PATCH monthlyBudgetUsd past the plan', async () => {
    const lifted = await attacker.admin('PATCH', '/v1/tenant/profile', { monthlyBudgetUsd: 100000 });
    expect(lifted.status).toBe(400);
    const plan = await attacker.admin('GET', '/v1/tenant/plan');
    expect(plan.json).toMatchObject({ plan: { monthlyBudgetUsd: 1 }, budgetInForceUsd: 1 });
    // The plan is the platform's to set.
    const byTenant = await attacker.admin('PUT', `/v1/tenants/${attacker.tenantId}/plan`, {
      monthlyBudgetUsd: 1000,
    });
    expect(byTenant.status).toBe(403);
  });

  attack('test chat flood: 60 questions a second past the rate and the budget', async () => {
    const calls = model.received.length;
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push(
        (await victim.admin('POST', '/v1/assistant/try', { question: `When are you open? ${i}` })).status,
      );
    }
    const answered = statuses.filter((s) => s === 200).length;
    expect(answered).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(55);
    expect(model.received.length - calls).toBeLessThanOrEqual(5);
  });

  attack('a registered owner still cannot register twice or claim by chat', async () => {
    const evil = participant(stack, '+15558889999');
    expect(await evil.ask('!register Evil Corp Two')).toMatch(/already run Evil Corp/);
    expect(codeIn(await evil.ask('!help'))).toBeTruthy();
  });
});

describe('attacks from issue 12, replayed (keys, calls, files, knowledge, edges)', () => {
  attack('keys that never die: a chat key at rest, and a key that cannot be revoked', async () => {
    const reply = await victim.owner.ask('!key');
    const key = /fd_[\w-]+/.exec(reply)?.[0] ?? '';
    expect(key).not.toBe('');
    // Nowhere in the table, saved replies included.
    const { Items = [] } = await stack.runtime.table.client.send(
      new ScanCommand({ TableName: stack.runtime.table.name }),
    );
    expect(JSON.stringify(Items)).not.toContain(key);
    const withKey = (method: string, path: string) => callAdmin(stack, key, method, path);
    const listed = await withKey('GET', '/v1/keys');
    expect(listed.status).toBe(200);
    const keys = (listed.json?.keys ?? []) as Array<{ keyId: string; current?: boolean }>;
    const mine = keys.find((k) => k.current);
    expect((await withKey('DELETE', `/v1/keys/${mine?.keyId}`)).status).toBe(204);
    expect((await withKey('GET', '/v1/tenant')).status).toBe(401);
  });

  attack(
    'owner commands by caller id: "!key" and "!add" spoken on a call from the owner\'s number',
    async () => {
      const base = `${stack.url}/webhooks/twilio/voice`;
      const call = { callSid: newCallSid(), from: '+15558880002', to: VICTIM_NUMBER };
      const keysBefore = (await victim.admin('GET', '/v1/keys')).json?.keys;
      for (const [turn, speech] of ['!key', '!add We are closed forever.'].entries()) {
        await postTwilioVoice(`${base}/gather?turn=${turn + 1}`, LOCAL_TWILIO_AUTH_TOKEN, {
          ...call,
          speech,
        });
        await stack.idle();
        const spoken = await postTwilioVoice(
          `${base}/wait?turn=${turn + 1}&attempt=1`,
          LOCAL_TWILIO_AUTH_TOKEN,
          call,
        );
        expect(spoken.twiml).toMatch(/owner commands work only by text message/);
        expect(spoken.twiml).not.toMatch(/fd_/);
      }
      expect((await victim.admin('GET', '/v1/keys')).json?.keys).toEqual(keysBefore);
      expect(await victim.owner.ask('!list')).not.toMatch(/closed forever/);
    },
  );

  attack('parser bombs: a DOCX that lies about its sizes and a FlateDecode PDF bomb', async () => {
    const started = Date.now();
    const upload = async (filename: string, bytes: Uint8Array) => {
      const created = await victim.admin('POST', '/v1/documents', { filename, size: bytes.byteLength });
      expect(created.status).toBe(201);
      const form = created.json?.upload as { url: string; fields: Record<string, string> };
      await uploadToPresignedPost(form, bytes, filename);
      return created.json?.documentId as string;
    };
    const docx = await upload('menu.docx', lyingDocxBomb(1536));
    const pdf = await upload('prices.pdf', pdfFlateBomb(5120));
    await stack.idle();
    const honest = await upload('hours.txt', new TextEncoder().encode('We deliver on Sundays until 9pm.'));
    await stack.idle();
    const status = async (id: string) => (await victim.admin('GET', `/v1/documents/${id}`)).json;
    expect(await status(docx)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/expands to more than/),
    });
    expect(await status(pdf)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/expands to more than/),
    });
    expect(await status(honest)).toMatchObject({ status: 'ready' });
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(stack.deadLetters.list()).toEqual([]);
  });

  attack('unbounded knowledge: facts and documents past the plan', async () => {
    const plan = (await attacker.admin('GET', '/v1/tenant/plan')).json?.plan as { documents: number };
    for (let n = 0; n < plan.documents; n++) await attacker.owner.ask(`!add Fact number ${n} about nothing.`);
    expect(await attacker.owner.ask('!add One fact too many.')).toMatch(/plan allows 3 documents/);
    const file = await attacker.admin('POST', '/v1/documents', { filename: 'more.txt', size: 10 });
    expect(file.status).toBe(403);
    expect((await attacker.admin('GET', '/v1/documents')).json?.documents).toHaveLength(plan.documents);
  });

  attack(
    'edges: a malformed escape in an admin path, To=# on a signed webhook, a Meta message replayed after its dedupe window',
    async () => {
      expect((await attacker.admin('GET', '/v1/documents/%E0%A4%A')).status).toBe(400);
      const hash = await participant(stack, '+15558884444', '#').post('hello');
      expect(hash.status).toBe(400);
      const old = Math.floor((Date.now() - MAX_MESSAGE_AGE_MS - 3_600_000) / 1000);
      const sent = stack.outbox.list().length;
      const replay = await postMetaWebhook(
        stack.url,
        LOCAL_META_APP_SECRET,
        metaJson(
          whatsAppText('106540352242999', '15558883333', 'replayed', { id: 'wamid.OLD', timestamp: old }),
        ),
      );
      await stack.idle();
      expect(replay.status).toBe(200);
      expect(stack.outbox.list().slice(sent)).toEqual([]);
    },
  );
});

describe('attacks on the website chat widget (issue 17)', () => {
  const VICTIM_SITE = 'https://victim-bakery.example';
  const EVIL_SITE = 'https://evil.example';
  const sessionKey = () => stack.runtime.config.secrets.WIDGET_SESSION_KEY!;
  const listSites = async () => {
    for (const [business, site] of [
      [victim, VICTIM_SITE],
      [attacker, EVIL_SITE],
    ] as const) {
      const set = await business.admin('PUT', '/v1/website', {
        allowedOrigins: [site],
        accentColor: '#123456',
        greeting: '',
        title: '',
      });
      if (set.status !== 200) throw new Error(`PUT /v1/website answered ${set.status}`);
    }
  };
  const transcriptOf = async (tenantId: string, visitorId: string) =>
    (await webEntriesAfter(stack.runtime.table, { tenantId, visitorId })).map((e) => e.text);

  attack('web chat from a site the business did not list (and with no Origin at all)', async () => {
    await listSites();
    const fromEvil = await webVisitor(stack, victim.tenantId, EVIL_SITE).start();
    const noOrigin = await fetch(`${stack.url}/widget/sessions`, {
      method: 'POST',
      body: JSON.stringify({ business: victim.tenantId }),
    });
    const legit = webVisitor(stack, victim.tenantId, VICTIM_SITE);
    await legit.start();
    // A real session, replayed from the other site: the Origin is checked on every request.
    const replayed = webVisitor(stack, victim.tenantId, EVIL_SITE);
    replayed.session = legit.session;
    const sent = await replayed.send('hello from evil');
    const socket = replayed.connect();

    expect(fromEvil.status).toBe(403);
    expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull();
    expect(noOrigin.status).toBe(403);
    expect(sent.status).toBe(403);
    await expect(socket).rejects.toThrow(/refused: 403/);
  });

  attack("web chat with a forged, re-signed or expired session, or another business's", async () => {
    await listSites();
    const visitor = webVisitor(stack, victim.tenantId, VICTIM_SITE);
    const started = await visitor.start();
    const [payload, signature] = String(visitor.session).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const other = Buffer.from(JSON.stringify({ ...claims, v: 'vSomeoneElse' })).toString('base64url');
    const forged = `${other}.${signature}`;
    const wrongKey = signWebSession('an-attacker-key-that-is-long-enough-32', {
      tenantId: victim.tenantId,
      visitorId: claims.v,
      expiresAt: claims.x,
    });
    const expired = signWebSession(sessionKey(), {
      tenantId: victim.tenantId,
      visitorId: claims.v,
      expiresAt: 1,
    });
    const queuedBefore = stack.outbox.list().length;

    const tries = [];
    for (const session of [forged, wrongKey, expired, 'not-a-session-at-all']) {
      visitor.session = session;
      tries.push((await visitor.send('let me in')).status, (await visitor.poll()).status);
      tries.push((await visitor.post('/widget/contact', { email: 'mallory@evil.example' })).status);
    }
    // The victim's session on the attacker's site and business id: bound to one business.
    const crossBusiness = webVisitor(stack, attacker.tenantId, EVIL_SITE);
    crossBusiness.session = started.json.session;
    tries.push((await crossBusiness.send('whose session?')).status, (await crossBusiness.poll()).status);
    await stack.idle();

    expect(tries).toEqual(Array(14).fill(403));
    expect(await transcriptOf(victim.tenantId, claims.v)).toEqual([]);
    expect(stack.outbox.list().length).toBe(queuedBefore);
  });

  attack('web chat messages past the size limit, and HTML in a message', async () => {
    await listSites();
    const visitor = webVisitor(stack, victim.tenantId, VICTIM_SITE);
    const { json } = await visitor.start();
    const oversize = await visitor.send('x'.repeat(1001));
    const huge = await visitor.send('y'.repeat(70_000));
    const html = '<img src=x onerror="alert(document.cookie)"><script>alert(1)</script>';
    const injected = await visitor.send(html);
    await stack.idle();
    const poll = await visitor.poll();

    expect(oversize.status).toBe(413);
    expect(huge.status).toBe(413);
    // Stored and answered as text, served as JSON with no sniffing: the widget writes it with
    // textContent (the Chromium run checks no element is made of it).
    expect(injected.status).toBe(202);
    expect(poll.headers.get('content-type')).toMatch(/^application\/json/);
    expect(poll.headers.get('x-content-type-options')).toBe('nosniff');
    expect(poll.json.entries[0].text).toBe(html);
    expect(await transcriptOf(victim.tenantId, json.visitorId)).toEqual([html, poll.json.entries[1].text]);
  });

  attack('web chat floods: per visitor, per address, and past the daily cap of the plan', async () => {
    await listSites();
    const visitor = webVisitor(stack, victim.tenantId, VICTIM_SITE);
    await visitor.start();
    const byVisitor = [];
    for (let n = 0; n < 5; n++) byVisitor.push((await visitor.send(`flood ${n}`)).status);
    const sessions = [];
    for (let n = 0; n < 14; n++)
      sessions.push((await webVisitor(stack, victim.tenantId, VICTIM_SITE).start()).status);
    await setPlan(attacker.tenantId, { webMessagesPerDay: 2 });
    const daily = [];
    for (let n = 0; n < 3; n++) {
      const fresh = webVisitor(stack, attacker.tenantId, EVIL_SITE);
      await fresh.start();
      daily.push((await fresh.send(`day ${n}`)).status);
    }
    await stack.idle();

    expect(byVisitor).toEqual([202, 202, 202, 429, 429]);
    expect(sessions.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(daily).toEqual([202, 202, 429]);
  });
});

describe('the tally', () => {
  it('refused every attack', () => {
    expect(outcomes.filter((o) => !o.refused)).toEqual([]);
  });
});
