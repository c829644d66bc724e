import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { adminClient, createTenantClient, PLATFORM_KEY } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { personWithRole } from '../support/people.js';

/**
 * Attacks on people, roles, the audit trail and data rights (issue 14), replayed against the
 * local stack. Each must end refused with nothing changed. Prints `people attacks=<n> refused=<n>`.
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

let stack: LocalStack;
let victim: Awaited<ReturnType<typeof createTenantClient>>;
let attacker: Awaited<ReturnType<typeof createTenantClient>>;
const VICTIM_NUMBER = '+15558990000';
const VICTIM_CUSTOMER = 'whatsapp:+15558990001';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsFor = (tenantId: string, role = 'owner') => ({
  sub: 'attacker',
  email: 'mallory@example.com',
  'custom:tenantId': tenantId,
  'custom:role': role,
  token_use: 'id',
  aud: 'local-console-client',
  iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool',
  exp: Math.floor(Date.now() / 1000) + 3600,
  iat: Math.floor(Date.now() / 1000),
});
const trailOf = async (client: typeof victim) =>
  JSON.stringify((await client.call('GET', '/v1/audit?limit=200')).json.entries);

beforeAll(async () => {
  stack = await startTestStack();
  victim = await createTenantClient(stack, 'Victim Dental');
  attacker = await createTenantClient(stack, 'Mallory Pizza');
  await putChannelRoute(stack.runtime.table, {
    channel: 'twilio',
    address: VICTIM_NUMBER,
    tenantId: victim.tenantId,
  });
  await participant(stack, VICTIM_CUSTOMER, `whatsapp:${VICTIM_NUMBER}`).ask('When are you open?');
  await stack.idle();
});
afterAll(async () => {
  const refused = outcomes.filter((o) => o.refused).length;
  console.log(`[security] people attacks=${outcomes.length} refused=${refused}`);
  await stack?.close();
});

describe('people, roles, audit and data rights under attack', () => {
  attack("a forged ID token: the victim's business in claims the attacker signed", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${b64({ kid: 'local-1', alg: 'RS256' })}.${b64(claimsFor(victim.tenantId))}`;
    const forged = `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
    const unsigned = `${b64({ alg: 'none' })}.${b64(claimsFor(victim.tenantId))}.`;
    expect((await adminClient(stack, forged).call('GET', '/v1/keys')).status).toBe(401);
    expect((await adminClient(stack, `${unsigned}x`).call('GET', '/v1/keys')).status).toBe(401);
  });

  attack('a removed person keeps a token that is still within its hour', async () => {
    const ex = await personWithRole(stack, victim, 'ex@victim.example', 'staff');
    expect((await victim.call('DELETE', `/v1/users/${ex.userId}`)).status).toBe(204);
    expect((await ex.call('GET', '/v1/documents')).status).toBe(401);
    expect((await ex.call('POST', '/v1/users', { email: 'back@victim.example', role: 'owner' })).status).toBe(
      401,
    );
  });

  attack('a staff member makes themselves owner, a viewer invites an owner', async () => {
    const staff = await personWithRole(stack, victim, 'sly@victim.example', 'staff');
    const viewer = await personWithRole(stack, victim, 'vee@victim.example', 'viewer');
    const mails = stack.mailbox.list().length;
    expect((await staff.call('PATCH', `/v1/users/${staff.userId}`, { role: 'owner' })).status).toBe(403);
    expect(
      (await viewer.call('POST', '/v1/users', { email: 'friend@x.example', role: 'owner' })).status,
    ).toBe(403);
    expect((await staff.call('GET', '/v1/me')).json.role).toBe('staff');
    expect(stack.mailbox.list().length).toBe(mails);
  });

  attack('rewriting history: change or delete audit entries', async () => {
    const before = await trailOf(victim);
    const entry = JSON.parse(before)[0];
    for (const [method, path] of [
      ['DELETE', '/v1/audit'],
      ['DELETE', `/v1/audit/${entry.auditId}`],
      ['PUT', `/v1/audit/${entry.auditId}`],
      ['PATCH', '/v1/audit'],
      ['POST', '/v1/audit'],
    ] as const) {
      expect([404, 405]).toContain((await victim.call(method, path, { action: 'nothing happened' })).status);
    }
    expect(await trailOf(victim)).toBe(before);
  });

  attack(
    "another business erases the victim's customer, exports the victim, deletes the victim",
    async () => {
      expect((await attacker.call('POST', '/v1/customers/erase', { customer: VICTIM_CUSTOMER })).status).toBe(
        404,
      );
      const exported = await attacker.call('POST', '/v1/exports');
      expect(JSON.stringify(exported.json)).not.toContain(victim.tenantId);
      const download = await (await fetch(exported.json.url)).arrayBuffer();
      expect(Buffer.from(download).includes(Buffer.from('When are you open'))).toBe(false);
      expect((await attacker.call('DELETE', `/v1/tenants/${victim.tenantId}`)).status).toBe(403);
      expect((await victim.call('GET', '/v1/conversations')).json.conversations).toHaveLength(1);
    },
  );

  attack('the last owner is demoted or removed, leaving nobody to run the business', async () => {
    const lone = await createTenantClient(stack, 'Lone Bakery');
    const owner = await personWithRole(stack, lone, 'only@lone.example', 'owner');
    expect((await owner.call('PATCH', `/v1/users/${owner.userId}`, { role: 'viewer' })).status).toBe(409);
    expect((await lone.call('DELETE', `/v1/users/${owner.userId}`)).status).toBe(409);
    expect((await owner.call('GET', '/v1/me')).json.role).toBe('owner');
  });

  attack('!account from a number that does not own the business', async () => {
    const mails = stack.mailbox.list().length;
    const reply = await participant(stack, 'whatsapp:+15558990077', `whatsapp:${VICTIM_NUMBER}`).ask(
      '!account mallory@example.com',
    );
    expect(reply).not.toContain('invitation');
    expect(stack.mailbox.list().length).toBe(mails);
  });

  attack('the platform key acting as a person of a business', async () => {
    const platform = adminClient(stack, PLATFORM_KEY);
    expect((await platform.call('GET', '/v1/audit')).status).toBe(403);
    expect((await platform.call('POST', '/v1/users', { email: 'p@x.example', role: 'owner' })).status).toBe(
      403,
    );
  });
});

describe('the tally', () => {
  it('refused every attack', () => {
    expect(outcomes.filter((o) => !o.refused)).toEqual([]);
  });
});
