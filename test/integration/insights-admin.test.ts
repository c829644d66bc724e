import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSnippet } from '../../functions/knowledge/knowledge-base.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient } from '../support/admin-client.js';
import { codeIn, participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('insights', () => {
  it('shows volumes, top intents, sentiment by day and the open knowledge gaps, to its own tenant only', async () => {
    // Prepare
    const tenant = await createTenantClient(stack, 'Willow Spa');
    const other = await createTenantClient(stack, 'Aspen Spa');
    await putChannelRoute(stack.runtime.table, {
      channel: 'twilio',
      address: '+15557800001',
      tenantId: tenant.tenantId,
    });
    const knowledge = { table: stack.runtime.table, index: stack.runtime.knowledge };
    await addSnippet(knowledge, tenant.tenantId, 'A 60-minute massage costs $80.');
    const customer = participant(stack, '+15550910002', '+15557800001');

    // Act
    await customer.ask('How much is a 60-minute massage?');
    await customer.ask('How much does a massage cost?');
    await customer.ask('Do you sell gift vouchers?');
    await customer.ask('This is terrible, my appointment was cancelled twice!');
    const insights = await tenant.call('GET', '/v1/insights?days=7');
    const othersInsights = await other.call('GET', '/v1/insights');

    // Assess
    expect(insights.status).toBe(200);
    expect(insights.json.messages).toBe(4);
    expect(insights.json.topIntents[0]).toEqual({ intent: 'pricing', count: 2 });
    expect(insights.json.sentimentByDay).toHaveLength(1);
    expect(insights.json.sentimentByDay[0]).toMatchObject({ messages: 4, negative: 1 });
    expect(insights.json.openGaps.map((g: { question: string }) => g.question)).toEqual(
      expect.arrayContaining(['Do you sell gift vouchers?']),
    );
    expect(insights.json.usageThisMonth).toMatchObject({ messages: 4, costUsd: 0 });
    expect(othersInsights.json).toMatchObject({ messages: 0, openGaps: [] });

    // Closing a gap: only its own tenant can.
    const gap = insights.json.openGaps.find(
      (g: { question: string }) => g.question === 'Do you sell gift vouchers?',
    );
    expect((await other.call('POST', `/v1/insights/gaps/${gap.gapId}/close`)).status).toBe(404);
    expect((await tenant.call('POST', `/v1/insights/gaps/${gap.gapId}/close`)).status).toBe(200);
    const after = await tenant.call('GET', '/v1/insights');
    expect(after.json.openGaps.some((g: { gapId: string }) => g.gapId === gap.gapId)).toBe(false);
    expect((await tenant.call('GET', '/v1/insights?days=400')).status).toBe(400);
  });

  it('lists the open gaps to the owner by chat with !gaps', async () => {
    const owner = participant(stack, 'whatsapp:+15550920001');
    const customer = participant(stack, 'whatsapp:+15550920002');
    const code = codeIn(await owner.ask('!register Cedar Cinema'));
    await owner.ask('!add Tickets cost $11.');
    await customer.ask(`!business ${code} Is there a student discount?`);
    await customer.ask('Is there a student discount?');
    await customer.ask('Can I bring my dog?');

    const gaps = await owner.ask('!gaps');

    expect(gaps).toMatch(
      /1\. "Is there a student discount\?" \(asked 2x\)\n2\. "Can I bring my dog\?" \(asked 1x\)/,
    );
    expect(await customer.ask('!gaps')).toContain('Only a business owner');
  });
});
