import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenantByCode } from '../../functions/store/tenants.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { makeDocx } from '../../tools/fixtures/document-fixtures.js';
import {
  adminClient,
  createTenantClient,
  PLATFORM_KEY,
  uploadToPresignedPost,
} from '../support/admin-client.js';
import { codeIn, participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('API keys for tenants registered by chat', () => {
  it('are issued with the platform key (by business code), and work for uploads and search', async () => {
    // Prepare: an owner registers by chat, so the business has no API key yet.
    const owner = participant(stack, 'whatsapp:+15550707070');
    const code = codeIn(await owner.ask('!register Sunny Salon'));
    const tenant = await findTenantByCode(stack.runtime.table, code);

    // Act
    const issued = await adminClient(stack, PLATFORM_KEY).call(
      'POST',
      `/v1/tenants/${tenant!.tenantId}/api-keys`,
    );
    const salon = adminClient(stack, issued.json.apiKey);
    const docx = await makeDocx({ title: 'Prices', paragraphs: ['A haircut costs 30 dollars.'] });
    const created = await salon.call('POST', '/v1/documents', {
      filename: 'prices.docx',
      size: docx.byteLength,
    });
    await uploadToPresignedPost(created.json.upload, docx, 'prices.docx');
    await stack.idle();
    const search = await salon.call('POST', '/v1/search', { query: 'haircut price' });

    // Assess
    expect(issued.status).toBe(201);
    expect(issued.json).toMatchObject({ tenantId: tenant!.tenantId, code });
    expect(search.json.results[0].text).toContain('A haircut costs 30 dollars.');
  });

  it('are refused to tenant keys, and unknown or malformed ids answer 404', async () => {
    // Prepare
    const other = await createTenantClient(stack, 'Other Shop');

    // Act
    const byTenant = await other.call('POST', `/v1/tenants/${other.tenantId}/api-keys`);
    const unknown = await adminClient(stack, PLATFORM_KEY).call('POST', '/v1/tenants/nobody/api-keys');
    const malformed = await adminClient(stack, PLATFORM_KEY).call('POST', '/v1/tenants/a%23b/api-keys');
    const badDocument = await other.call('GET', '/v1/documents/a%23b');

    // Assess
    expect(byTenant.status).toBe(403);
    expect([unknown.status, malformed.status, badDocument.status]).toEqual([404, 404, 404]);
  });

  it('are sent to an owner who asks with !key, and to nobody else', async () => {
    // Prepare
    const owner = participant(stack, 'whatsapp:+15550808080');
    await owner.ask('!register Corner Bakery');
    const stranger = participant(stack, 'whatsapp:+15550909090');

    // Act
    const reply = await owner.ask('!key');
    const key = /fd_[\w-]+/.exec(reply)?.[0];
    const listed = await adminClient(stack, key ?? 'none').call('GET', '/v1/documents');
    const refused = await stranger.ask('!key');

    // Assess
    expect(reply).toContain('Corner Bakery');
    expect(listed.status).toBe(200);
    expect(listed.json.documents.filter((d: { kind: string }) => d.kind === 'file')).toEqual([]);
    expect(refused).not.toMatch(/fd_/);
    expect(refused).toMatch(/Only a business owner/);
  });
});
