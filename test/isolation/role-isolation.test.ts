import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../functions/admin/routes.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { personWithRole } from '../support/people.js';
import { type Attempt, adminAttempts, type BusinessIds, templateOf } from './admin-attempts.js';

/**
 * Every admin route, called by a signed-in owner, staff member and viewer, on their own business
 * and with another business's ids. The roles each route allows are written out here, from the
 * issue, independently of the routes' own declarations:
 * - own business, role allowed: never 401/403 (the route does its work);
 * - own business, role not allowed: 403, and nothing changes;
 * - another business's object: 404 (or 403 where the role is refused first), never its data.
 * Prints `leaks=<n> denied-correctly=<n>`; fails unless leaks is 0.
 */
const OWNER = ['owner'];
const STAFF = ['owner', 'staff'];
const EVERYONE = ['owner', 'staff', 'viewer'];
const PLATFORM: string[] = [];
const EXPECTED: Record<string, string[]> = {
  'POST /v1/tenants': PLATFORM,
  'POST /v1/tenants/{id}/api-keys': PLATFORM,
  'PUT /v1/tenants/{id}/plan': PLATFORM,
  'GET /v1/tenants/{id}/plan': PLATFORM,
  'POST /v1/tenants/{id}/channels': PLATFORM,
  'DELETE /v1/tenants/{id}/channels/{channel}/{address}': PLATFORM,
  'GET /v1/tenant/plan': OWNER,
  'GET /v1/tenant': EVERYONE,
  'POST /v1/channels': OWNER,
  'GET /v1/channels': OWNER,
  'DELETE /v1/channels/{channel}/{address}': OWNER,
  'POST /v1/tenant/owner-contacts/confirm': OWNER,
  'POST /v1/documents': STAFF,
  'GET /v1/documents': EVERYONE,
  'GET /v1/documents/{id}': EVERYONE,
  'DELETE /v1/documents/{id}': OWNER,
  'POST /v1/documents/{id}/reindex': STAFF,
  'POST /v1/search': EVERYONE,
  'GET /v1/conversations': EVERYONE,
  'GET /v1/conversations/{id}': EVERYONE,
  'POST /v1/conversations/{id}/messages': STAFF,
  'POST /v1/conversations/{id}/takeover': STAFF,
  'POST /v1/conversations/{id}/resume': STAFF,
  'GET /v1/insights': EVERYONE,
  'POST /v1/insights/gaps/{id}/close': STAFF,
  'POST /v1/insights/gaps/{id}/answer': STAFF,
  'GET /v1/tenant/profile': EVERYONE,
  'PUT /v1/tenant/profile': OWNER,
  'PATCH /v1/tenant/profile': OWNER,
  'POST /v1/assistant/try': STAFF,
  'GET /v1/usage': EVERYONE,
  'GET /v1/keys': OWNER,
  'POST /v1/keys': OWNER,
  'POST /v1/keys/{id}/rotate': OWNER,
  'DELETE /v1/keys/{id}': OWNER,
  'GET /v1/audit': OWNER,
  'GET /v1/me': EVERYONE,
  'POST /v1/me/mfa': EVERYONE,
  'GET /v1/users': OWNER,
  'POST /v1/users': OWNER,
  'PATCH /v1/users/{id}': OWNER,
  'DELETE /v1/users/{id}': OWNER,
  'POST /v1/exports': OWNER,
  'POST /v1/customers/erase': OWNER,
  'DELETE /v1/tenants/{id}': PLATFORM,
  'GET /v1/calls': EVERYONE,
  'GET /v1/calls/{id}': EVERYONE,
  'PUT /v1/templates': OWNER,
  'GET /v1/templates': EVERYONE,
  'DELETE /v1/templates/{channel}/{address}/{name}/{language}': OWNER,
  'GET /v1/website': EVERYONE,
  'PUT /v1/website': OWNER,
};
const ROLE_ORDER = ['viewer', 'staff', 'owner'] as const;
type Role = (typeof ROLE_ORDER)[number];
type Client = Awaited<ReturnType<typeof personWithRole>>;

let stack: LocalStack;
const leaks: string[] = [];
let deniedCorrectly = 0;

interface Business {
  ids: BusinessIds;
  key: Awaited<ReturnType<typeof createTenantClient>>;
  people: Record<Role, Client>;
}
let own: Business;
let other: Business;

const setUp = async (name: string, n: number): Promise<Business> => {
  const key = await createTenantClient(stack, name);
  const number = `+1555771${n}000`;
  const customer = `whatsapp:+1555771${n}001`;
  const ownerContact = `+1555771${n}009`;
  const bytes = new TextEncoder().encode(`${name} prices: whitening 250 dollars.`);
  const doc = await key.call('POST', '/v1/documents', { filename: 'p.txt', size: bytes.byteLength });
  await uploadToPresignedPost(doc.json.upload, bytes, 'p.txt');
  await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: number, tenantId: key.tenantId });
  await key.call('PATCH', '/v1/tenant/profile', {
    ownerContacts: [{ provider: 'twilio', channel: 'sms', address: ownerContact, via: number }],
  });
  // A question of its own: a gap's id is the hash of its question, so the same words would share one.
  await participant(stack, customer, `whatsapp:${number}`).ask(`Do you repair bicycles on day ${n}?`);
  await stack.idle();
  const conversation = (await key.call('GET', '/v1/conversations')).json.conversations[0].conversationId;
  const insights = await key.call('GET', '/v1/insights');
  const gap = JSON.stringify(insights.json).match(/"(?:gapId|id)":"([^"]+)"/)?.[1] ?? 'no-gap';
  const spareKey = (await key.call('POST', '/v1/keys', { label: 'spare' })).json.keyId;
  const spareUser = (await key.call('POST', '/v1/users', { email: `spare${n}@example.com`, role: 'staff' }))
    .json.userId;
  const call = newCallSid();
  await postTwilioVoice(`${stack.url}/webhooks/twilio/voice`, LOCAL_TWILIO_AUTH_TOKEN, {
    callSid: call,
    from: customer.replace('whatsapp:', ''),
    to: number,
  });
  const people = {} as Record<Role, Client>;
  for (const role of ROLE_ORDER)
    people[role] = await personWithRole(stack, key, `${role}${n}@example.com`, role);
  return {
    key,
    people,
    ids: {
      tenantId: key.tenantId,
      number,
      ownerContact,
      document: doc.json.documentId,
      conversation,
      gap,
      key: spareKey,
      user: spareUser,
      call,
      customer,
    },
  };
};

/** What the business looks like to its owner: what a refused call must leave as it was. */
const snapshot = async (b: Business) => {
  const reads = await Promise.all(
    [
      '/v1/documents',
      '/v1/keys',
      '/v1/users',
      '/v1/tenant/profile',
      '/v1/channels',
      '/v1/conversations',
      '/v1/audit?limit=200',
    ].map((path) => b.key.call('GET', path)),
  );
  return JSON.stringify(reads.map((r) => r.json)).replace(/"lastUsedAt":"[^"]*"/g, '');
};

const routeOf = (a: Attempt, tenantId: string) => `${a.method} ${templateOf(a.path, tenantId)}`;

beforeAll(async () => {
  stack = await startTestStack();
  own = await setUp('Harbour Dental', 1);
  other = await setUp('Bella Pizza', 2);
}, 60_000);
afterAll(async () => {
  console.log(
    `[isolation] roles leaks=${leaks.length} denied-correctly=${deniedCorrectly}${leaks.length ? ` ${JSON.stringify(leaks)}` : ''}`,
  );
  await stack?.close();
});

describe('every admin route x every role x own and another business', () => {
  it('has an expected role list for every admin route', () => {
    expect(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !(r in EXPECTED))).toEqual([]);
  });

  it('refuses a role the route does not allow with 403, and the refused calls change nothing', async () => {
    const before = await snapshot(own);
    for (const role of ROLE_ORDER) {
      for (const attempt of adminAttempts(own.ids)) {
        const route = routeOf(attempt, own.ids.tenantId);
        if (EXPECTED[route]?.includes(role)) continue;
        const answer = await own.people[role].call(attempt.method, attempt.path, attempt.body);
        if (answer.status === 403) deniedCorrectly++;
        else leaks.push(`${role} ${route} on own business -> ${answer.status}`);
      }
    }
    expect(await snapshot(own)).toBe(before);
    expect(leaks).toEqual([]);
  });

  it("never reaches another business's objects, whatever the role", async () => {
    const markers = [
      other.ids.tenantId,
      other.ids.document,
      other.ids.conversation,
      other.ids.key,
      other.ids.user,
      'Bella Pizza prices',
    ];
    const before = await snapshot(other);
    for (const role of ROLE_ORDER) {
      for (const attempt of adminAttempts(other.ids)) {
        const answer = await own.people[role].call(attempt.method, attempt.path, attempt.body);
        const route = routeOf(attempt, other.ids.tenantId);
        const text = JSON.stringify(answer.json ?? '');
        for (const marker of markers)
          if (text.includes(marker)) leaks.push(`${role} ${route} shows ${marker}`);
        if (!attempt.owned) continue;
        if ([...(attempt.allowed ?? [404]), 403].includes(answer.status)) deniedCorrectly++;
        else leaks.push(`${role} ${route} on another business -> ${answer.status}`);
      }
    }
    expect(await snapshot(other)).toBe(before);
    expect(leaks).toEqual([]);
  });

  it('lets every allowed role use its routes on its own business', async () => {
    for (const role of ROLE_ORDER) {
      for (const attempt of adminAttempts(own.ids)) {
        const route = routeOf(attempt, own.ids.tenantId);
        if (!EXPECTED[route]?.includes(role)) continue;
        const answer = await own.people[role].call(attempt.method, attempt.path, attempt.body);
        // A 403 for a business rule (a Twilio number is the platform's to assign) is the route at work.
        const refusedForRole = answer.status === 403 && /your role/i.test(answer.json?.error ?? '');
        if (answer.status === 401 || refusedForRole)
          leaks.push(`${role} ${route} refused -> ${answer.status} ${answer.json?.error}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
