import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, recordUsage } from '../../functions/store/usage.js';
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

const call = (model: string, inputTokens: number, outputTokens: number, costUsd: number) => ({
  model,
  inputTokens,
  outputTokens,
  costUsd,
});

describe('GET /v1/usage', () => {
  it("returns the tenant's days, totals and month, and never another tenant's usage", async () => {
    // Prepare
    const willow = await createTenantClient(stack, 'Willow Spa');
    const aspen = await createTenantClient(stack, 'Aspen Spa');
    const table = stack.runtime.table;
    const today = new Date();
    const yesterday = new Date(today.getTime() - 86_400_000);
    await recordUsage(table, willow.tenantId, {
      messages: 1,
      calls: [call('gpt-4o-mini', 1200, 80, 0.000228)],
      at: yesterday,
    });
    await recordUsage(table, willow.tenantId, {
      messages: 1,
      calls: [call('gpt-4o-mini', 1000, 100, 0.00021)],
    });
    await recordUsage(table, willow.tenantId, { messages: 1, calls: [] });
    await recordUsage(table, aspen.tenantId, {
      messages: 7,
      calls: [call('gpt-4o', 90_000, 9_000, 0.315)],
    });
    const from = dayOf(yesterday);
    const to = dayOf(today);

    // Act
    const mine = await willow.call('GET', `/v1/usage?from=${from}&to=${to}`);
    const theirs = await aspen.call('GET', `/v1/usage?from=${from}&to=${to}`);

    // Assess
    expect(mine.status).toBe(200);
    expect(mine.json.days).toEqual([
      { day: from, messages: 1, modelCalls: 1, inputTokens: 1200, outputTokens: 80, costUsd: 0.000228 },
      { day: to, messages: 2, modelCalls: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0.00021 },
    ]);
    expect(mine.json.totals).toMatchObject({ messages: 3, inputTokens: 2200, outputTokens: 180 });
    expect(mine.json.totals.costUsd).toBeCloseTo(0.000438, 9);
    expect(theirs.json.days).toEqual([
      { day: to, messages: 7, modelCalls: 1, inputTokens: 90_000, outputTokens: 9_000, costUsd: 0.315 },
    ]);
    expect(JSON.stringify(mine.json)).not.toContain('90000');
  });

  it('reads no usage through a key that is not a tenant key, nor with a tenant parameter', async () => {
    // Prepare
    const willow = await createTenantClient(stack, 'Birch Spa');
    const aspen = await createTenantClient(stack, 'Cedar Spa');
    await recordUsage(stack.runtime.table, aspen.tenantId, { messages: 4, calls: [] });

    // Act
    const platform = await adminClient(stack, PLATFORM_KEY).call('GET', '/v1/usage');
    const smuggled = await willow.call(
      'GET',
      `/v1/usage?tenant=${aspen.tenantId}&tenantId=${aspen.tenantId}`,
    );
    const anonymous = await adminClient(stack, 'not-a-key').call('GET', '/v1/usage');

    // Assess
    expect(platform.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(smuggled.status).toBe(200);
    expect(smuggled.json.totals.messages).toBe(0);
    expect(smuggled.json.thisMonth.messages).toBe(0);
  });

  it('defaults to this month and refuses a malformed or reversed range', async () => {
    // Prepare
    const tenant = await createTenantClient(stack, 'Elm Spa');

    // Act
    const month = await tenant.call('GET', '/v1/usage');
    const malformed = await tenant.call('GET', '/v1/usage?from=yesterday');
    const reversed = await tenant.call('GET', '/v1/usage?from=2026-11-20&to=2026-11-01');
    const tooLong = await tenant.call('GET', '/v1/usage?from=2020-01-01&to=2026-11-01');

    // Assess
    expect(month.status).toBe(200);
    expect(month.json.from).toBe(`${dayOf().slice(0, 7)}-01`);
    expect(month.json.to).toBe(dayOf());
    expect(month.json.days).toEqual([]);
    expect([malformed.status, reversed.status, tooLong.status]).toEqual([400, 400, 400]);
    expect(reversed.json.error ?? reversed.json.message).toMatch(/from must not be after to/);
  });
});
