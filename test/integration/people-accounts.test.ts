import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { adminClient, createTenantClient } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { acceptInvitation, cognito, lastMailTo, personWithRole, signIn, totpNow } from '../support/people.js';

let stack: LocalStack;
let owner: Awaited<ReturnType<typeof createTenantClient>>;

beforeAll(async () => {
  stack = await startTestStack();
  owner = await createTenantClient(stack, 'Smile Dental');
});
afterAll(async () => stack?.close());

describe('people sign in with roles', () => {
  it('an invited person sets a password, signs in, and acts for their business in their role', async () => {
    // Prepare: the owner (by key) invites a staff member.
    const staff = await personWithRole(stack, owner, 'sam@example.com', 'staff');
    // Act
    const me = await staff.call('GET', '/v1/me');
    const keys = await staff.call('GET', '/v1/keys');
    const documents = await staff.call('GET', '/v1/documents');
    // Assess
    expect(me.json).toMatchObject({
      kind: 'person',
      tenantId: owner.tenantId,
      role: 'staff',
      email: 'sam@example.com',
    });
    expect(keys.status).toBe(403);
    expect(documents.status).toBe(200);
    const team = await owner.call('GET', '/v1/users');
    expect(team.json.users).toEqual([expect.objectContaining({ email: 'sam@example.com', role: 'staff' })]);
  });

  it('a changed role and a removal count from the next request', async () => {
    const viewer = await personWithRole(stack, owner, 'vic@example.com', 'viewer');
    expect((await viewer.call('POST', '/v1/documents', { filename: 'a.txt', size: 3 })).status).toBe(403);
    expect((await owner.call('PATCH', `/v1/users/${viewer.userId}`, { role: 'staff' })).status).toBe(200);
    expect((await viewer.call('POST', '/v1/documents', { filename: 'a.txt', size: 3 })).status).toBe(201);
    expect((await owner.call('DELETE', `/v1/users/${viewer.userId}`)).status).toBe(204);
    expect((await viewer.call('GET', '/v1/documents')).status).toBe(401);
  });

  it('refuses a forged or foreign token, and inviting an e-mail twice', async () => {
    const forged = adminClient(stack, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln');
    expect((await forged.call('GET', '/v1/documents')).status).toBe(401);
    expect((await owner.call('POST', '/v1/users', { email: 'sam@example.com', role: 'viewer' })).status).toBe(
      409,
    );
  });

  it("refuses a new password weaker than the pool's policy", async () => {
    await owner.call('POST', '/v1/users', { email: 'weak@example.com', role: 'viewer' });
    const temporary = /temporary password (\S+)/.exec(lastMailTo(stack, 'weak@example.com').text)?.[1];
    const first = await cognito(stack, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'weak@example.com', PASSWORD: temporary },
    });
    const weak = await cognito(stack, 'RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: first.json.Session,
      ChallengeResponses: { USERNAME: 'weak@example.com', NEW_PASSWORD: 'password12' },
    });
    expect(weak.json.__type).toBe('InvalidPasswordException');
  });

  it('a forgotten password is reset with the mailed code', async () => {
    await personWithRole(stack, owner, 'fay@example.com', 'viewer');
    await cognito(stack, 'ForgotPassword', { Username: 'fay@example.com' });
    const code = /code to choose a new password is (\d{6})/.exec(
      lastMailTo(stack, 'fay@example.com').text,
    )?.[1];
    const wrong = await cognito(stack, 'ConfirmForgotPassword', {
      Username: 'fay@example.com',
      ConfirmationCode: '000000' === code ? '111111' : '000000',
      Password: 'Brand-New-Pass-1',
    });
    expect(wrong.json.__type).toBe('CodeMismatchException');
    const reset = await cognito(stack, 'ConfirmForgotPassword', {
      Username: 'fay@example.com',
      ConfirmationCode: code,
      Password: 'Brand-New-Pass-1',
    });
    expect(reset.status).toBe(200);
    const tokens = await signIn(stack, 'fay@example.com', 'Brand-New-Pass-1');
    expect((await adminClient(stack, tokens.IdToken).call('GET', '/v1/me')).json.role).toBe('viewer');
  });

  it('TOTP: once set up, sign-in asks for a code, and the admin API notes MFA from the pool', async () => {
    const person = await personWithRole(stack, owner, 'otto@example.com', 'owner');
    const { json } = await cognito(stack, 'AssociateSoftwareToken', {
      AccessToken: person.tokens.AccessToken,
    });
    const verified = await cognito(stack, 'VerifySoftwareToken', {
      AccessToken: person.tokens.AccessToken,
      UserCode: totpNow(json.SecretCode),
    });
    expect(verified.json.Status).toBe('SUCCESS');
    expect(
      (await person.call('POST', '/v1/me/mfa', { accessToken: person.tokens.AccessToken })).json,
    ).toEqual({ mfa: true });
    const first = await cognito(stack, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'otto@example.com', PASSWORD: 'Correct-Horse-9' },
    });
    expect(first.json.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = await signIn(stack, 'otto@example.com', 'Correct-Horse-9', json.SecretCode);
    expect((await adminClient(stack, tokens.IdToken).call('GET', '/v1/me')).json).toMatchObject({
      role: 'owner',
      mfa: true,
    });
  });

  it("a business registered by chat gets its owner account from the owner's phone (!account)", async () => {
    // Prepare: an owner registers by chat on the shared number.
    const phone = participant(stack, 'whatsapp:+15557700001');
    await phone.ask('!register Corner Bakery');
    // Act
    const reply = await phone.ask('!account Baker@Example.com');
    const tokens = await acceptInvitation(stack, 'baker@example.com', 'Rising-Dough-42');
    const baker = adminClient(stack, tokens.IdToken);
    // Assess: signed in as the owner of that business, and the command is on record.
    expect(reply).toContain('baker@example.com');
    const me = (await baker.call('GET', '/v1/me')).json;
    expect(me).toMatchObject({ kind: 'person', role: 'owner' });
    expect((await baker.call('GET', '/v1/tenant')).json.name).toBe('Corner Bakery');
    const trail = (await baker.call('GET', '/v1/audit')).json.entries;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['chat !account', 'chat !register']);
    expect(trail[0]).toMatchObject({
      actor: { kind: 'phone', id: '+15557700001' },
      via: { channel: 'whatsapp' },
    });
    expect(await phone.ask('!account baker@example.com')).toContain('already has an account');
    // Someone else's number cannot get an account for the business.
    expect(await participant(stack, 'whatsapp:+15557700002').ask('!account eve@example.com')).not.toContain(
      'invitation',
    );
  });

  it('records every change in the audit trail, owners read it', async () => {
    const trail = await owner.call('GET', '/v1/audit?limit=100');
    const actions = trail.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['POST /v1/users', 'PATCH /v1/users/{id}', 'DELETE /v1/users/{id}']),
    );
    const invite = trail.json.entries.find((e: { action: string }) => e.action === 'POST /v1/users');
    expect(invite).toMatchObject({
      actor: { kind: 'key' },
      via: { channel: 'api' },
      tenantId: owner.tenantId,
    });
    expect(invite.requestId).toBeTruthy();
    const page = await owner.call('GET', '/v1/audit?limit=2');
    expect(page.json.entries).toHaveLength(2);
    const next = await owner.call('GET', `/v1/audit?limit=2&cursor=${page.json.cursor}`);
    expect(next.json.entries[0].auditId).not.toBe(page.json.entries[0].auditId);
    expect((await owner.call('GET', '/v1/audit?from=2999-01-01')).json.entries).toEqual([]);
  });
});

describe('a stage where owners must use MFA (prod)', () => {
  it('serves an owner only /v1/me until TOTP is set up with the pool, then everything', async () => {
    const strict = await startTestStack({ env: { OWNER_MFA_REQUIRED: 'true' } });
    try {
      const key = await createTenantClient(strict, 'Clinic');
      const owner = await personWithRole(strict, key, 'olga@example.com', 'owner');
      const staff = await personWithRole(strict, key, 'stan@example.com', 'staff');
      expect((await owner.call('GET', '/v1/me')).json).toMatchObject({ mfaRequired: true, mfa: false });
      expect((await owner.call('GET', '/v1/documents')).status).toBe(403);
      expect((await staff.call('GET', '/v1/documents')).status).toBe(200);
      const { json } = await cognito(strict, 'AssociateSoftwareToken', {
        AccessToken: owner.tokens.AccessToken,
      });
      await cognito(strict, 'VerifySoftwareToken', {
        AccessToken: owner.tokens.AccessToken,
        UserCode: totpNow(json.SecretCode),
      });
      expect((await owner.call('POST', '/v1/me/mfa', { accessToken: owner.tokens.AccessToken })).status).toBe(
        200,
      );
      expect((await owner.call('GET', '/v1/documents')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
