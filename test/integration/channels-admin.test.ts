import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../bin/local/stack.js';
import { resolveTenantByAddress } from '../../functions/store/tenants.js';
import { callAdmin, registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
let pizza: Awaited<ReturnType<typeof registerBusinessByChat>>;
let dental: Awaited<ReturnType<typeof registerBusinessByChat>>;

beforeAll(async () => {
  stack = await startTestStack();
  pizza = await registerBusinessByChat(stack, { ownerPhone: '+15550003001', name: 'Bella Pizza', facts: [] });
  dental = await registerBusinessByChat(stack, {
    ownerPhone: '+15550003002',
    name: 'Smile Dental',
    facts: [],
  });
});
afterAll(async () => {
  await stack?.close();
});

describe('channel routes in the admin API', () => {
  it('connects one address per channel to the calling tenant and lists them', async () => {
    const addresses = [
      { channel: 'twilio', address: '+14155550100' },
      { channel: 'whatsapp', address: '106540352242922' },
      { channel: 'messenger', address: '104857600000001' },
      { channel: 'instagram', address: '17841400000000001' },
    ];
    for (const route of addresses) {
      const created = await pizza.admin('POST', '/v1/channels', route);
      expect(created).toMatchObject({ status: 201, json: { ...route, tenantId: pizza.tenantId } });
      expect(await resolveTenantByAddress(stack.runtime.table, route.channel, route.address)).toBe(
        pizza.tenantId,
      );
    }
    // Claiming your own address again is harmless.
    expect((await pizza.admin('POST', '/v1/channels', addresses[0])).status).toBe(201);

    const listed = await pizza.admin('GET', '/v1/channels');
    expect(listed.status).toBe(200);
    const channels = (listed.json!.channels as Array<Record<string, string>>).map(({ channel, address }) => ({
      channel,
      address,
    }));
    expect(channels).toEqual(expect.arrayContaining(addresses));
    expect(channels).toHaveLength(addresses.length);
    expect((await dental.admin('GET', '/v1/channels')).json).toEqual({ channels: [] });
  });

  it('answers 409 when another business holds the address', async () => {
    await pizza.admin('POST', '/v1/channels', { channel: 'whatsapp', address: '200000000000001' });
    const taken = await dental.admin('POST', '/v1/channels', {
      channel: 'whatsapp',
      address: '200000000000001',
    });
    expect(taken.status).toBe(409);
    expect(await resolveTenantByAddress(stack.runtime.table, 'whatsapp', '200000000000001')).toBe(
      pizza.tenantId,
    );
  });

  it('validates the channel and the address format', async () => {
    for (const body of [
      { channel: 'twilio', address: '4155550100' },
      { channel: 'whatsapp', address: '+14155550100' },
      { channel: 'telegram', address: '12345678' },
      { channel: 'instagram', address: 'ROUTE#1' },
      {},
    ]) {
      expect((await pizza.admin('POST', '/v1/channels', body)).status).toBe(400);
    }
  });

  it('deletes only the tenant’s own route, and 404s otherwise', async () => {
    await dental.admin('POST', '/v1/channels', { channel: 'twilio', address: '+14155550200' });
    expect((await pizza.admin('DELETE', '/v1/channels/twilio/%2B14155550200')).status).toBe(404);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155550200')).toBe(dental.tenantId);

    expect((await dental.admin('DELETE', '/v1/channels/twilio/%2B14155550200')).status).toBe(204);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155550200')).toBeUndefined();
    expect((await dental.admin('GET', '/v1/channels')).json).toEqual({ channels: [] });
    // Released, the address can be claimed by another business.
    expect(
      (await pizza.admin('POST', '/v1/channels', { channel: 'twilio', address: '+14155550200' })).status,
    ).toBe(201);
  });

  it('needs a tenant key: none gets 401, the platform key gets 403', async () => {
    expect((await callAdmin(stack, 'nope', 'GET', '/v1/channels')).status).toBe(401);
    expect((await callAdmin(stack, 'platform-test-key', 'GET', '/v1/channels')).status).toBe(403);
  });
});
