import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  ApiErrorSchema,
  AuditPageSchema,
  BusinessDeletedSchema,
  BusinessSettingsSchema,
  CallDetailSchema,
  CallListSchema,
  ChannelClaimedSchema,
  ChannelListSchema,
  ContactConfirmedSchema,
  ConversationDetailSchema,
  ConversationListSchema,
  CustomerErasedSchema,
  DocumentListSchema,
  DocumentViewSchema,
  ExportReadySchema,
  GapAnsweredSchema,
  GapClosedSchema,
  HandoffChangedSchema,
  InsightsSchema,
  IssuedKeySchema,
  KeyListSchema,
  MeSchema,
  MessageTemplateSchema,
  OwnerMessageQueuedSchema,
  PeopleListSchema,
  PersonSchema,
  PlanReportSchema,
  ProfileUpdatedSchema,
  ReindexRequestedSchema,
  RotatedKeySchema,
  SavedSettingsSchema,
  SearchResultsSchema,
  TemplateListSchema,
  TenantCreatedSchema,
  TenantKeyIssuedSchema,
  TenantSchema,
  TriedAnswerSchema,
  UploadTicketSchema,
  UsageReportSchema,
} from '../../functions/contracts/admin-api.js';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { adminClient, PLATFORM_KEY, uploadToPresignedPost } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';
import { confirmationCodeSentTo } from '../support/owner-contacts.js';
import { personWithRole } from '../support/people.js';

/**
 * The admin API's contract (functions/contracts/admin-api.ts), held against the real routes on
 * the local stack: every answer of the main flows parses with its schema, strictly where the
 * server builds the answer field by field, so a field added, renamed or dropped on either side
 * fails here before the console (which takes its types from the contract) misreads it.
 */

const BUSINESS_NUMBER = '+14155550142';

type Client = ReturnType<typeof adminClient>;

/** Calls the API and parses the answer with its schema; a mismatch names the call and the fields. */
const expectAnswer = async <S extends z.ZodType>(
  client: Client,
  call: [method: string, path: string, body?: unknown],
  status: number,
  schema: S,
): Promise<z.infer<S>> => {
  const [method, path, body] = call;
  const { status: actual, json } = await client.call(method, path, body);
  expect(actual, `${method} ${path}: ${JSON.stringify(json)}`).toBe(status);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${method} ${path} broke the contract: ${parsed.error.message}\n${JSON.stringify(json)}`);
  return parsed.data;
};

const expectNoContent = async (client: Client, method: string, path: string) => {
  const { status, json } = await client.call(method, path);
  expect(status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(204);
  expect(json).toBeUndefined();
};

let stack: LocalStack;
let platform: Client;
let owner: Client;
let tenantId: string;
let code: string;

beforeAll(async () => {
  stack = await startTestStack({ env: { VOICE_MODE: 'gather' } });
  platform = adminClient(stack, PLATFORM_KEY);
  const created = await expectAnswer(
    platform,
    ['POST', '/v1/tenants', { name: 'Contract Cafe' }],
    201,
    TenantCreatedSchema,
  );
  ({ tenantId, code } = created);
  owner = adminClient(stack, created.apiKey);
});
afterAll(async () => {
  await stack?.close();
});

describe('the admin API keeps its contract', () => {
  it('for the business, its number, its plan and its profile', async () => {
    const assigned = await expectAnswer(
      platform,
      ['POST', `/v1/tenants/${tenantId}/channels`, { channel: 'twilio', address: BUSINESS_NUMBER }],
      201,
      ChannelClaimedSchema,
    );
    await expectAnswer(owner, ['GET', '/v1/tenant'], 200, TenantSchema);
    await expectAnswer(owner, ['GET', '/v1/tenant/plan'], 200, PlanReportSchema);
    await expectAnswer(platform, ['GET', `/v1/tenants/${tenantId}/plan`], 200, PlanReportSchema);
    const plan = await expectAnswer(
      platform,
      ['PUT', `/v1/tenants/${tenantId}/plan`, { documents: 50 }],
      200,
      PlanReportSchema,
    );
    await expectAnswer(platform, ['POST', `/v1/tenants/${code}/api-keys`], 201, TenantKeyIssuedSchema);

    await expectAnswer(
      owner,
      ['PUT', '/v1/tenant/profile', { name: 'Contract Cafe', tone: 'warm', hours: 'Mon-Fri 8-16' }],
      200,
      SavedSettingsSchema,
    );
    const settings = await expectAnswer(owner, ['GET', '/v1/tenant/profile'], 200, BusinessSettingsSchema);
    const alerts = { provider: 'twilio', channel: 'sms', address: '+15550101010', via: BUSINESS_NUMBER };
    const patched = await expectAnswer(
      owner,
      ['PATCH', '/v1/tenant/profile', { language: 'English', ownerContacts: [alerts] }],
      200,
      ProfileUpdatedSchema,
    );
    await stack.idle();
    const confirmed = await expectAnswer(
      owner,
      [
        'POST',
        '/v1/tenant/owner-contacts/confirm',
        { address: alerts.address, code: confirmationCodeSentTo(stack, alerts.address) },
      ],
      200,
      ContactConfirmedSchema,
    );

    expect(assigned.tenantId).toBe(tenantId);
    expect(plan.plan.documents).toBe(50);
    expect(settings).toMatchObject({ name: 'Contract Cafe', code, language: '' });
    expect(patched.pendingConfirmation).toEqual([alerts.address]);
    expect(confirmed.confirmed).toBe(true);
  });

  it('for documents, search and the test chat', async () => {
    const text = new TextEncoder().encode('Contract Cafe sells oat flat whites for 4 euros.\n');
    const ticket = await expectAnswer(
      owner,
      ['POST', '/v1/documents', { filename: 'prices.txt', contentType: 'text/plain', size: text.byteLength }],
      201,
      UploadTicketSchema,
    );
    expect((await uploadToPresignedPost(ticket.upload, text, 'prices.txt')).status).toBeLessThan(300);
    await stack.idle();

    const document = await expectAnswer(
      owner,
      ['GET', `/v1/documents/${ticket.documentId}`],
      200,
      DocumentViewSchema,
    );
    const list = await expectAnswer(owner, ['GET', '/v1/documents'], 200, DocumentListSchema);
    const search = await expectAnswer(
      owner,
      ['POST', '/v1/search', { query: 'oat flat white price' }],
      200,
      SearchResultsSchema,
    );
    const tried = await expectAnswer(
      owner,
      ['POST', '/v1/assistant/try', { question: 'How much is an oat flat white?' }],
      200,
      TriedAnswerSchema,
    );
    await expectAnswer(
      owner,
      ['POST', `/v1/documents/${ticket.documentId}/reindex`],
      202,
      ReindexRequestedSchema,
    );
    await stack.idle();

    expect(document.status).toBe('ready');
    expect(list.documents.map((d) => d.documentId)).toContain(ticket.documentId);
    expect(search.results[0]?.documentId).toBe(ticket.documentId);
    expect(tried.sources.map((s) => s.documentId)).toContain(ticket.documentId);
  });

  it('for conversations, the handoff, insights and knowledge gaps', async () => {
    const customer = participant(stack, '+15550102020');
    await customer.ask(`!business ${code} Do you have parking?`);
    await customer.ask('Do you deliver on Sundays?');
    await customer.ask('yes');
    await stack.idle();

    const { conversations } = await expectAnswer(
      owner,
      ['GET', '/v1/conversations'],
      200,
      ConversationListSchema,
    );
    const id = conversations[0]?.conversationId ?? '';
    const detail = await expectAnswer(
      owner,
      ['GET', `/v1/conversations/${id}`],
      200,
      ConversationDetailSchema,
    );
    const taken = await expectAnswer(
      owner,
      ['POST', `/v1/conversations/${id}/takeover`],
      200,
      HandoffChangedSchema,
    );
    await expectAnswer(
      owner,
      ['POST', `/v1/conversations/${id}/messages`, { text: 'We do, from 10 to 2.' }],
      202,
      OwnerMessageQueuedSchema,
    );
    await stack.idle();
    const resumed = await expectAnswer(
      owner,
      ['POST', `/v1/conversations/${id}/resume`],
      200,
      HandoffChangedSchema,
    );

    const insights = await expectAnswer(owner, ['GET', '/v1/insights?days=7'], 200, InsightsSchema);
    const [first, second] = insights.openGaps;
    await expectAnswer(
      owner,
      ['POST', `/v1/insights/gaps/${first?.gapId}/answer`, { answer: 'Yes, free parking behind the cafe.' }],
      201,
      GapAnsweredSchema,
    );
    await expectAnswer(owner, ['POST', `/v1/insights/gaps/${second?.gapId}/close`], 200, GapClosedSchema);

    expect(conversations).toHaveLength(1);
    expect(detail.turns.map((t) => t.role)).toContain('customer');
    expect(taken).toMatchObject({ status: 'with-person', until: expect.any(String) });
    expect(resumed.status).toBe('assistant');
    expect(insights.messages).toBeGreaterThan(0);
    expect(insights.openGaps.length).toBeGreaterThanOrEqual(2);
  });

  it('for usage, keys and people', async () => {
    const usage = await expectAnswer(owner, ['GET', '/v1/usage'], 200, UsageReportSchema);

    const issued = await expectAnswer(owner, ['POST', '/v1/keys', { label: 'till' }], 201, IssuedKeySchema);
    const rotated = await expectAnswer(
      owner,
      ['POST', `/v1/keys/${issued.keyId}/rotate`],
      201,
      RotatedKeySchema,
    );
    const { keys } = await expectAnswer(owner, ['GET', '/v1/keys'], 200, KeyListSchema);
    await expectNoContent(owner, 'DELETE', `/v1/keys/${rotated.keyId}`);

    const asKey = await expectAnswer(owner, ['GET', '/v1/me'], 200, MeSchema);
    const staff = await personWithRole(stack, owner, 'barista@example.com', 'staff');
    const asPerson = await expectAnswer(staff, ['GET', '/v1/me'], 200, MeSchema);
    const { users } = await expectAnswer(owner, ['GET', '/v1/users'], 200, PeopleListSchema);
    const invited = await expectAnswer(
      owner,
      ['POST', '/v1/users', { email: 'viewer@example.com', role: 'viewer' }],
      201,
      PersonSchema,
    );
    await expectAnswer(owner, ['PATCH', `/v1/users/${invited.userId}`, { role: 'staff' }], 200, PersonSchema);
    await expectNoContent(owner, 'DELETE', `/v1/users/${invited.userId}`);

    expect(usage.from <= usage.to).toBe(true);
    expect(rotated.replaced).toBe(issued.keyId);
    expect(keys.filter((k) => k.current)).toHaveLength(1);
    expect(asKey.kind).toBe('key');
    expect(asPerson).toMatchObject({ kind: 'person', role: 'staff', email: 'barista@example.com' });
    expect(users.map((u) => u.email)).toContain('barista@example.com');
  });

  it('for channels, templates and calls', async () => {
    const { channels } = await expectAnswer(owner, ['GET', '/v1/channels'], 200, ChannelListSchema);
    const template = {
      channel: 'twilio',
      address: BUSINESS_NUMBER,
      name: 'owner_reply',
      language: 'en',
      parameters: ['business', 'message'],
      contentSid: `HX${'0'.repeat(32)}`,
    };
    await expectAnswer(owner, ['PUT', '/v1/templates', template], 200, MessageTemplateSchema);
    const { templates } = await expectAnswer(owner, ['GET', '/v1/templates'], 200, TemplateListSchema);
    await expectNoContent(
      owner,
      'DELETE',
      `/v1/templates/twilio/${encodeURIComponent(BUSINESS_NUMBER)}/owner_reply/en`,
    );

    const callSid = newCallSid();
    const greeting = await postTwilioVoice(`${stack.url}/webhooks/twilio/voice`, LOCAL_TWILIO_AUTH_TOKEN, {
      callSid,
      from: '+15550103030',
      to: BUSINESS_NUMBER,
    });
    expect(greeting.status).toBe(200);
    const { calls } = await expectAnswer(owner, ['GET', '/v1/calls'], 200, CallListSchema);
    const call = await expectAnswer(owner, ['GET', `/v1/calls/${callSid}`], 200, CallDetailSchema);

    expect(channels).toEqual([expect.objectContaining({ channel: 'twilio', address: BUSINESS_NUMBER })]);
    expect(templates.map((t) => t.name)).toEqual(['owner_reply']);
    expect(calls.map((c) => c.callSid)).toContain(callSid);
    expect(call.outcome).toBe('in-progress');
  });

  it('for the audit trail, a page at a time', async () => {
    const first = await expectAnswer(owner, ['GET', '/v1/audit?limit=3'], 200, AuditPageSchema);
    const next = await expectAnswer(
      owner,
      ['GET', `/v1/audit?limit=3&cursor=${encodeURIComponent(first.cursor ?? '')}`],
      200,
      AuditPageSchema,
    );

    expect(first.entries).toHaveLength(3);
    expect(next.entries.length).toBeGreaterThan(0);
    expect(next.entries[0]?.auditId).not.toBe(first.entries[0]?.auditId);
  });

  it('for data rights: the export, erasing a customer, deleting a business', async () => {
    const archive = await expectAnswer(owner, ['POST', '/v1/exports'], 201, ExportReadySchema);
    const erased = await expectAnswer(
      owner,
      ['POST', '/v1/customers/erase', { customer: '+15550102020' }],
      200,
      CustomerErasedSchema,
    );
    const doomed = await expectAnswer(
      platform,
      ['POST', '/v1/tenants', { name: 'Closing Shop' }],
      201,
      TenantCreatedSchema,
    );
    const deleted = await expectAnswer(
      platform,
      ['DELETE', `/v1/tenants/${doomed.tenantId}`],
      200,
      BusinessDeletedSchema,
    );

    expect(archive.bytes).toBeGreaterThan(0);
    expect(erased.erased.turns).toBeGreaterThan(0);
    expect(deleted.tenantId).toBe(doomed.tenantId);
  });

  it('for refusals: every error is a message', async () => {
    const refusals = [
      await owner.call('GET', '/v1/documents/no-such-document'),
      await owner.call('POST', '/v1/documents', { filename: 'empty.txt', size: 0 }),
      await owner.call('GET', `/v1/tenants/${tenantId}/plan`),
      await owner.call('PATCH', '/v1/tenant'),
    ];

    expect(refusals.map((r) => r.status)).toEqual([404, 400, 403, 405]);
    for (const { json } of refusals)
      expect(ApiErrorSchema.safeParse(json).success, JSON.stringify(json)).toBe(true);
  });
});
