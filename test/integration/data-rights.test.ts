import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { allItemsOf } from '../../functions/store/partitions.js';
import type { LocalStack } from '../../local-stack/stack.js';
import {
  adminClient,
  createTenantClient,
  PLATFORM_KEY,
  uploadToPresignedPost,
} from '../support/admin-client.js';
import { participant, SHARED_NUMBER, startTestStack } from '../support/local-stack.js';
import { personWithRole } from '../support/people.js';

let stack: LocalStack;
let owner: Awaited<ReturnType<typeof createTenantClient>>;
let documentId: string;
const NUMBER = '+15557790000';
const CUSTOMER = 'whatsapp:+15557790001';
const SECRET_WORDS = 'Can my iguana Zebedee come to the cleaning';

beforeAll(async () => {
  stack = await startTestStack();
  owner = await createTenantClient(stack, 'Harbour Dental');
  const bytes = new TextEncoder().encode('Harbour Dental: cleaning costs 80 dollars.');
  const created = await owner.call('POST', '/v1/documents', {
    filename: 'prices.txt',
    size: bytes.byteLength,
  });
  documentId = created.json.documentId;
  await uploadToPresignedPost(created.json.upload, bytes, 'prices.txt');
  await putChannelRoute(stack.runtime.table, {
    channel: 'twilio',
    address: NUMBER,
    tenantId: owner.tenantId,
  });
  await participant(stack, CUSTOMER, `whatsapp:${NUMBER}`).ask(`${SECRET_WORDS}?`);
  await stack.idle();
});
afterAll(async () => stack?.close());

describe('data rights', () => {
  it('an owner exports everything as one archive by a presigned link', async () => {
    const exported = await owner.call('POST', '/v1/exports');
    expect(exported.status).toBe(201);
    const download = await fetch(exported.json.url);
    expect(download.status).toBe(200);
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).toEqual(
      expect.arrayContaining([
        'profile.json',
        'team.json',
        'audit.json',
        'documents.json',
        `documents/${documentId}/prices.txt`,
      ]),
    );
    expect(strFromU8(files[`documents/${documentId}/text.txt`]!)).toContain('80 dollars');
    const conversation = names.find((n) => n.startsWith('conversations/'))!;
    expect(strFromU8(files[conversation]!)).toContain(SECRET_WORDS);
    // Never a key or its hash.
    const everything = names.map((n) => strFromU8(files[n]!)).join('\n');
    expect(everything).not.toMatch(/"sha256"|fd_[A-Za-z0-9_-]{20}/);
    // The archive is no document: nothing was ingested from it.
    await stack.idle();
    expect((await owner.call('GET', '/v1/documents')).json.documents).toHaveLength(1);
    const trail = (await owner.call('GET', '/v1/audit')).json.entries;
    expect(trail[0]).toMatchObject({ action: 'POST /v1/exports', target: exported.json.exportId });
  });

  it('erases one customer: turns, state, the gap of their words, their shared-number choice; the trail keeps no word of theirs', async () => {
    // Prepare: the same customer also picked the business on the shared number.
    const code = (await owner.call('GET', '/v1/tenant')).json.code;
    const onShared = participant(stack, CUSTOMER, SHARED_NUMBER);
    await onShared.ask(`!business ${code} hello`);
    const gapsBefore = JSON.stringify((await owner.call('GET', '/v1/insights')).json);
    expect(gapsBefore).toContain('iguana');
    // Act
    const erased = await owner.call('POST', '/v1/customers/erase', { customer: '+15557790001' });
    // Assess
    expect(erased.status).toBe(200);
    expect(erased.json.erased.turns).toBeGreaterThan(0);
    expect(erased.json.erased.gaps).toBe(1);
    expect(erased.json.erased.sessions).toBe(1);
    expect((await owner.call('GET', '/v1/conversations')).json.conversations).toEqual([]);
    expect(JSON.stringify((await owner.call('GET', '/v1/insights')).json)).not.toContain('iguana');
    const trail = JSON.stringify((await owner.call('GET', '/v1/audit?limit=200')).json);
    expect(trail).toContain('customer.erase');
    expect(trail).not.toMatch(/iguana|Zebedee|15557790001/);
    // Their choice on the shared number is gone: nothing to leave.
    expect(await onShared.ask('!exit')).toMatch(/not connected/i);
    expect((await owner.call('POST', '/v1/customers/erase', { customer: '+15557790001' })).status).toBe(404);
  });

  it('the platform operator deletes a business with everything it owns', async () => {
    // Prepare: a person of the business, and a file in the bucket.
    const staff = await personWithRole(stack, owner, 'gone@example.com', 'staff');
    const files = await stack.runtime.tenantFiles.list(`tenants/${owner.tenantId}/`);
    expect(files.length).toBeGreaterThan(0);
    // Act
    const deleted = await adminClient(stack, PLATFORM_KEY).call('DELETE', `/v1/tenants/${owner.tenantId}`);
    // Assess: nobody gets in, nothing is left, the address is free, the platform's trail has it.
    expect(deleted.status).toBe(200);
    expect((await owner.call('GET', '/v1/tenant')).status).toBe(401);
    expect((await staff.call('GET', '/v1/tenant')).status).toBe(401);
    expect(await stack.runtime.tenantFiles.list(`tenants/${owner.tenantId}/`)).toEqual([]);
    expect(await stack.runtime.tenantFiles.list(`exports/${owner.tenantId}/`)).toEqual([]);
    expect(await allItemsOf(stack.runtime.table, `TENANT#${owner.tenantId}`)).toEqual([]);
    expect(await stack.runtime.knowledge.search(owner.tenantId, 'cleaning costs', 5)).toEqual([]);
    const other = await createTenantClient(stack, 'Next Owner');
    await expect(
      putChannelRoute(stack.runtime.table, { channel: 'twilio', address: NUMBER, tenantId: other.tenantId }),
    ).resolves.toBeUndefined();
    const platformTrail = await allItemsOf(stack.runtime.table, 'PLATFORM#AUDIT');
    expect(platformTrail.map((e) => e.target)).toContain(`tenant/${owner.tenantId}`);
    expect(
      (await adminClient(stack, PLATFORM_KEY).call('DELETE', `/v1/tenants/${owner.tenantId}`)).status,
    ).toBe(404);
  });
});
