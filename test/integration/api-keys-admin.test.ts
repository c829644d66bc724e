import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/platform/ids.js';
import { findApiKey, LAST_USED_RESOLUTION_MS, recordApiKeyUse } from '../../functions/store/api-keys.js';
import { keys } from '../../functions/store/keys.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { adminClient, createTenantClient, PLATFORM_KEY } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const lookupOf = async (apiKey: string) =>
  (
    await stack.runtime.table.client.send(
      new GetCommand({ TableName: stack.runtime.table.name, Key: keys.apiKey(sha256Hex(apiKey)) }),
    )
  ).Item;

describe('API keys in the admin API', () => {
  it('lists keys with id, hint, label, created and last use, never the key or its hash', async () => {
    // Prepare
    const shop = await createTenantClient(stack, 'Key Lister');
    const created = await shop.call('POST', '/v1/keys', { label: 'till laptop' });

    // Act
    const listed = await shop.call('GET', '/v1/keys');

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      keyId: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      apiKey: expect.stringMatching(/^fd_/),
      label: 'till laptop',
    });
    expect(listed.status).toBe(200);
    expect(listed.json.keys).toEqual([
      {
        keyId: expect.stringMatching(/^key_/),
        hint: expect.stringMatching(/^fd_.{4}…$/),
        label: 'issued with the business',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: true,
      },
      {
        keyId: created.json.keyId,
        hint: `${created.json.apiKey.slice(0, 7)}…`,
        label: 'till laptop',
        createdAt: created.json.createdAt,
        lastUsedAt: null,
        current: false,
      },
    ]);
    const text = JSON.stringify(listed.json);
    expect(text).not.toContain(created.json.apiKey);
    expect(text).not.toContain(sha256Hex(created.json.apiKey));
  });

  it('accepts a create with no body at all', async () => {
    const shop = await createTenantClient(stack, 'No Label');
    const created = await shop.call('POST', '/v1/keys');
    const unknownField = await shop.call('POST', '/v1/keys', { tenantId: 'someone-else' });
    expect(created.status).toBe(201);
    expect(created.json.label).toBeNull();
    expect(unknownField.status).toBe(400);
  });

  it('rotates a key: the new key works, the old one is refused at once, the label carries over', async () => {
    // Prepare
    const shop = await createTenantClient(stack, 'Key Rotator');
    const old = await createKey(shop, 'front desk tablet');

    // Act
    const rotated = await shop.call('POST', `/v1/keys/${old.keyId}/rotate`);
    const withOld = await adminClient(stack, old.apiKey).call('GET', '/v1/tenant');
    const withNew = await adminClient(stack, rotated.json.apiKey).call('GET', '/v1/tenant');
    const listed = await shop.call('GET', '/v1/keys');

    // Assess
    expect(rotated.status).toBe(201);
    expect(rotated.json).toMatchObject({ replaced: old.keyId, label: 'front desk tablet' });
    expect(rotated.json.keyId).not.toBe(old.keyId);
    expect(withOld.status).toBe(401);
    expect(withNew.status).toBe(200);
    expect(listed.json.keys.map((k: { keyId: string }) => k.keyId)).not.toContain(old.keyId);
    expect(listed.json.keys.map((k: { keyId: string }) => k.keyId)).toContain(rotated.json.keyId);
  });

  it('revokes a key, and refuses another tenant, unknown and malformed ids with 404', async () => {
    // Prepare
    const shop = await createTenantClient(stack, 'Key Revoker');
    const other = await createTenantClient(stack, 'Key Neighbour');
    const target = await createKey(shop);

    // Act
    const byOther = await other.call('DELETE', `/v1/keys/${target.keyId}`);
    const rotateByOther = await other.call('POST', `/v1/keys/${target.keyId}/rotate`);
    const stillWorks = await adminClient(stack, target.apiKey).call('GET', '/v1/tenant');
    const revoked = await shop.call('DELETE', `/v1/keys/${target.keyId}`);
    const afterRevoke = await adminClient(stack, target.apiKey).call('GET', '/v1/tenant');
    const again = await shop.call('DELETE', `/v1/keys/${target.keyId}`);
    const malformed = await shop.call('DELETE', '/v1/keys/a%23b');
    const byPlatform = await adminClient(stack, PLATFORM_KEY).call('GET', '/v1/keys');

    // Assess
    expect([byOther.status, rotateByOther.status]).toEqual([404, 404]);
    expect(stillWorks.status).toBe(200);
    expect(revoked.status).toBe(204);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.json.error).toMatch(/revoked/);
    expect([again.status, malformed.status]).toEqual([404, 404]);
    expect(byPlatform.status).toBe(403);
    expect(await lookupOf(target.apiKey)).toBeUndefined();
  });

  it('lets a business revoke the key it calls with; the platform can still issue it a new one', async () => {
    // Prepare
    const shop = await createTenantClient(stack, 'Self Revoker');
    const { json } = await shop.call('GET', '/v1/keys');
    const own = json.keys.find((k: { current: boolean }) => k.current);

    // Act
    const revoked = await shop.call('DELETE', `/v1/keys/${own.keyId}`);
    const next = await shop.call('GET', '/v1/keys');
    const issued = await adminClient(stack, PLATFORM_KEY).call(
      'POST',
      `/v1/tenants/${shop.tenantId}/api-keys`,
    );
    const withIssued = await adminClient(stack, issued.json.apiKey).call('GET', '/v1/keys');

    // Assess
    expect(revoked.status).toBe(204);
    expect(next.status).toBe(401);
    expect(issued.status).toBe(201);
    expect(withIssued.json.keys).toEqual([
      expect.objectContaining({ label: 'issued by the platform', current: true }),
    ]);
  });

  it('notes the last use at most once per hour per key, with no write in between', async () => {
    // Prepare
    const shop = await createTenantClient(stack, 'Busy Key');
    const key = await createKey(shop);
    const table = stack.runtime.table;
    const start = Date.parse('2030-01-01T00:00:00.000Z');

    // Act: a first use, a use a minute later, and one past the hour.
    const first = await recordApiKeyUse(table, key.apiKey, (await findApiKey(table, key.apiKey))!, start);
    const afterFirst = (await lookupOf(key.apiKey))?.lastUsedAt;
    const soon = await recordApiKeyUse(
      table,
      key.apiKey,
      (await findApiKey(table, key.apiKey))!,
      start + 60_000,
    );
    // A concurrent request that read the lookup before the first write still does not write.
    const stale = await recordApiKeyUse(
      table,
      key.apiKey,
      { tenantId: shop.tenantId, keyId: key.keyId },
      start + 1,
    );
    const later = start + LAST_USED_RESOLUTION_MS + 1;
    const late = await recordApiKeyUse(table, key.apiKey, (await findApiKey(table, key.apiKey))!, later);

    // Assess
    expect([first, soon, stale, late]).toEqual([true, false, false, true]);
    expect(afterFirst).toBe(new Date(start).toISOString());
    expect((await lookupOf(key.apiKey))?.lastUsedAt).toBe(new Date(later).toISOString());
  });

  it('costs one table write for 50 requests with the same key, not one per request', async () => {
    // Prepare: count every write DynamoDB receives while one key makes 50 requests.
    const shop = await createTenantClient(stack, 'Many Requests');
    const writes: string[] = [];
    const name = 'count-writes';
    stack.runtime.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (/Put|Update|Delete|Write/.test(context.commandName ?? '')) writes.push(context.commandName!);
        return next(args);
      },
      { step: 'initialize', name },
    );

    // Act
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 50; i++) statuses.push((await shop.call('GET', '/v1/tenant')).status);
    } finally {
      stack.runtime.table.client.middlewareStack.remove(name);
    }

    // Assess: the first use is noted once; the 49 after it write nothing.
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(writes).toEqual(['UpdateItemCommand']);
  });

  it('gives a key issued before key ids an id on its first use, so it is listed and revocable', async () => {
    // Prepare: a lookup item as the earlier code wrote it (no key id, no record).
    const shop = await createTenantClient(stack, 'Old Key');
    const legacy = 'fd_legacykeylegacykeylegacykeylegac';
    await stack.runtime.table.client.send(
      new PutCommand({
        TableName: stack.runtime.table.name,
        Item: {
          ...keys.apiKey(sha256Hex(legacy)),
          tenantId: shop.tenantId,
          hint: 'fd_lega…',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );

    // Act
    const used = await adminClient(stack, legacy).call('GET', '/v1/keys');
    const adopted = used.json.keys.find((k: { current: boolean }) => k.current);
    const revoked = await shop.call('DELETE', `/v1/keys/${adopted.keyId}`);
    const after = await adminClient(stack, legacy).call('GET', '/v1/tenant');

    // Assess
    expect(used.status).toBe(200);
    expect(adopted).toMatchObject({ hint: 'fd_lega…', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(revoked.status).toBe(204);
    expect(after.status).toBe(401);
  });
});

const createKey = async (client: ReturnType<typeof adminClient>, label?: string) => {
  const { status, json } = await client.call('POST', '/v1/keys', label ? { label } : {});
  if (status !== 201) throw new Error(`POST /v1/keys answered ${status}: ${JSON.stringify(json)}`);
  return json as { keyId: string; apiKey: string };
};
