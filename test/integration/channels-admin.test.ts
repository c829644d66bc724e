import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveTenantByAddress } from '../../functions/store/channel-routes.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { PLATFORM_KEY } from '../support/admin-client.js';
import { callAdmin, registerBusinessByChat } from '../support/channels-tenant.js';
import { graphError, startFakeGraphApi } from '../support/fake-graph-api.js';
import { startTestStack } from '../support/local-stack.js';

const WABA_NUMBER = '106540352242922';
const PAGE = '104857600000001';
const INSTAGRAM = '17841400000000001';
/** What the local Graph API says each token controls. */
const PIZZA_WABA_TOKEN = 'EAAG-pizza-system-user-token';
const PIZZA_PAGE_TOKEN = 'EAAG-pizza-page-token-0000';
const EVIL_TOKEN = 'EAAG-evil-corp-token-000000';

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let pizza: Awaited<ReturnType<typeof registerBusinessByChat>>;
let dental: Awaited<ReturnType<typeof registerBusinessByChat>>;

beforeAll(async () => {
  graph = await startFakeGraphApi();
  stack = await startTestStack({ env: { META_GRAPH_BASE_URL: graph.url } });
  pizza = await registerBusinessByChat(stack, { ownerPhone: '+15550003001', name: 'Bella Pizza', facts: [] });
  dental = await registerBusinessByChat(stack, {
    ownerPhone: '+15550003002',
    name: 'Smile Dental',
    facts: [],
  });
});
afterAll(async () => {
  await stack?.close();
  await graph?.close();
});
beforeEach(() => {
  graph.answer((request) => {
    const token = request.authorization?.replace(/^Bearer /, '');
    const node = new URL(request.path, 'http://graph').pathname.split('/')[2];
    if (token === PIZZA_WABA_TOKEN && node === WABA_NUMBER) return { status: 200, body: { id: WABA_NUMBER } };
    if (token === PIZZA_PAGE_TOKEN && node === 'me')
      return { status: 200, body: { id: PAGE, instagram_business_account: { id: INSTAGRAM } } };
    if (token === EVIL_TOKEN && node === 'me') return { status: 200, body: { id: '999999999999' } };
    return graphError(100);
  });
});

const claim = (who: typeof pizza, body: Record<string, string>) => who.admin('POST', '/v1/channels', body);

describe('who may claim a receiving address', () => {
  it('connects Meta addresses whose token Meta confirms, stores that token, and lists them', async () => {
    const addresses = [
      { channel: 'whatsapp', address: WABA_NUMBER, accessToken: PIZZA_WABA_TOKEN },
      { channel: 'messenger', address: PAGE, accessToken: PIZZA_PAGE_TOKEN },
      { channel: 'instagram', address: INSTAGRAM, accessToken: PIZZA_PAGE_TOKEN },
    ];
    for (const { accessToken, ...route } of addresses) {
      const created = await claim(pizza, { ...route, accessToken });
      expect(created).toMatchObject({ status: 201, json: { ...route, tenantId: pizza.tenantId } });
      expect(await resolveTenantByAddress(stack.runtime.table, route.channel, route.address)).toBe(
        pizza.tenantId,
      );
      expect(await stack.runtime.channelTokens.get(route.channel, route.address)).toBe(accessToken);
    }
    const listed = await pizza.admin('GET', '/v1/channels');
    expect((listed.json!.channels as unknown[]).length).toBe(3);
    expect((await dental.admin('GET', '/v1/channels')).json).toEqual({ channels: [] });
  });

  it('refuses a Meta address without a token, or with a token Meta does not confirm, and changes nothing', async () => {
    const unclaimed = '200000000000001';
    expect((await claim(dental, { channel: 'whatsapp', address: unclaimed })).status).toBe(400);
    expect(
      (await claim(dental, { channel: 'messenger', address: unclaimed, accessToken: EVIL_TOKEN })).status,
    ).toBe(403);
    expect(
      (await claim(dental, { channel: 'whatsapp', address: unclaimed, accessToken: EVIL_TOKEN })).status,
    ).toBe(403);
    expect(await resolveTenantByAddress(stack.runtime.table, 'whatsapp', unclaimed)).toBeUndefined();
    expect(await stack.runtime.channelTokens.get('whatsapp', unclaimed)).toBeUndefined();
  });

  it('never lets a second business take a claimed address or replace its token', async () => {
    // Even with a token Meta confirms (say, a former employee's), the address stays with its business.
    const taken = await claim(dental, { channel: 'messenger', address: PAGE, accessToken: PIZZA_PAGE_TOKEN });
    expect(taken.status).toBe(409);
    expect(await resolveTenantByAddress(stack.runtime.table, 'messenger', PAGE)).toBe(pizza.tenantId);
  });

  it('answers 502 when Meta cannot be reached, and claims nothing', async () => {
    graph.answer(() => ({ status: 503, body: {} }));
    const outage = await claim(dental, {
      channel: 'whatsapp',
      address: '300000000000001',
      accessToken: EVIL_TOKEN,
    });
    expect(outage.status).toBe(502);
    expect(await resolveTenantByAddress(stack.runtime.table, 'whatsapp', '300000000000001')).toBeUndefined();
  });

  it('leaves Twilio numbers to the platform operator, who can never assign the shared number', async () => {
    const byTenant = await claim(dental, { channel: 'twilio', address: '+14155550200' });
    expect(byTenant.status).toBe(403);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155550200')).toBeUndefined();

    const assign = (tenantId: string, address: string) =>
      callAdmin(stack, PLATFORM_KEY, 'POST', `/v1/tenants/${tenantId}/channels`, {
        channel: 'twilio',
        address,
      });
    expect((await assign(dental.tenantId, '+14155238886')).status).toBe(409);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155238886')).toBeUndefined();
    expect((await assign(dental.tenantId, '+14155550200')).status).toBe(201);
    expect((await assign(pizza.tenantId, '+14155550200')).status).toBe(409);
    expect((await assign('no-such-tenant', '+14155550300')).status).toBe(404);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155550200')).toBe(dental.tenantId);
  });

  it('validates the channel and the address format', async () => {
    for (const body of [
      { channel: 'whatsapp', address: '+14155550100', accessToken: PIZZA_WABA_TOKEN },
      { channel: 'telegram', address: '12345678' },
      { channel: 'instagram', address: 'ROUTE#1', accessToken: PIZZA_PAGE_TOKEN },
      {},
    ]) {
      expect((await claim(pizza, body as Record<string, string>)).status).toBe(400);
    }
  });

  it('deletes only the tenant’s own route (and its token), and 404s otherwise', async () => {
    expect((await dental.admin('DELETE', `/v1/channels/messenger/${PAGE}`)).status).toBe(404);
    expect(await resolveTenantByAddress(stack.runtime.table, 'messenger', PAGE)).toBe(pizza.tenantId);

    expect((await pizza.admin('DELETE', `/v1/channels/messenger/${PAGE}`)).status).toBe(204);
    expect(await resolveTenantByAddress(stack.runtime.table, 'messenger', PAGE)).toBeUndefined();
    expect(await stack.runtime.channelTokens.get('messenger', PAGE)).toBeUndefined();
    // The platform takes a number back from a business.
    const path = `/v1/tenants/${dental.tenantId}/channels/twilio/%2B14155550200`;
    expect((await callAdmin(stack, PLATFORM_KEY, 'DELETE', path)).status).toBe(204);
    expect(await resolveTenantByAddress(stack.runtime.table, 'twilio', '+14155550200')).toBeUndefined();
  });

  it('needs a tenant key: none gets 401, the platform key gets 403', async () => {
    expect((await callAdmin(stack, 'nope', 'GET', '/v1/channels')).status).toBe(401);
    expect((await callAdmin(stack, PLATFORM_KEY, 'GET', '/v1/channels')).status).toBe(403);
  });
});
