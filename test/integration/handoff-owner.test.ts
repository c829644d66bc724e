import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { putConversationState } from '../../functions/store/conversations.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient } from '../support/admin-client.js';
import { codeIn, participant, startTestStack } from '../support/local-stack.js';
import { setConfirmedOwnerContacts } from '../support/owner-contacts.js';

let stack: LocalStack;
beforeAll(async () => {
  // A handoff lapses after 0.01 minutes (600 ms) without !resume.
  stack = await startTestStack({ env: { HANDOFF_TIMEOUT_MINUTES: '0.01' } });
});
afterAll(async () => {
  await stack?.close();
});

const quietly = async (customer: ReturnType<typeof participant>, text: string) => {
  const posted = await customer.post(text);
  expect(posted.status).toBe(200);
  await stack.idle();
};

describe('handoff by chat', () => {
  it('silences the assistant while the owner answers with !reply, until !resume', async () => {
    // Prepare
    const owner = participant(stack, 'whatsapp:+15550610001');
    const customer = participant(stack, 'whatsapp:+15550610002');
    const code = codeIn(await owner.ask('!register Olive Grove Deli'));
    await owner.ask('!add Our olive oil tasting costs $12 per person.');
    expect(await customer.ask(`!business ${code} Do you cater weddings?`)).toMatch(/Reply YES/);

    // Act: the customer accepts; the owner is told and the conversation is flagged.
    const ownerBefore = owner.received().length;
    expect(await customer.ask('yes')).toMatch(/passed your question/);
    await stack.idle();
    const alert = owner.received()[ownerBefore]!.text;
    const customerBefore = customer.received().length;
    await quietly(customer, 'How much is the olive oil tasting?');

    // Assess: no assistant reply while flagged; the owner sees what the customer wrote.
    expect(alert).toContain('Do you cater weddings?');
    expect(alert).toContain('!reply +15550610002');
    expect(customer.received().length).toBe(customerBefore);
    expect(owner.received().at(-1)!.text).toContain('How much is the olive oil tasting?');

    // The owner answers by chat; the customer gets it from the business's address.
    const receipt = await owner.ask('!reply +15550610002 Yes, we cater weddings up to 80 guests!');
    expect(receipt).toContain('Sent to +15550610002');
    const toCustomer = customer.received().at(-1)!;
    expect(toCustomer.text).toBe('Yes, we cater weddings up to 80 guests!');
    expect(toCustomer.from).toBe('whatsapp:+14155238886');

    // The owner hands back; the assistant answers again.
    expect(await owner.ask('!resume +15550610002')).toContain("I'm answering +15550610002 again");
    expect(await customer.ask('How much is the olive oil tasting?')).toContain('$12');
  });

  it('hands over at once when the customer asks for a person, and hands back after the timeout', async () => {
    const owner = participant(stack, 'whatsapp:+15550620001');
    const customer = participant(stack, 'whatsapp:+15550620002');
    const code = codeIn(await owner.ask('!register Harbour Bikes'));
    await owner.ask('!add Bike rental costs $25 per day.');
    const ownerBefore = owner.received().length;

    const reply = await customer.ask(`!business ${code} Can I speak to a real person please?`);
    await stack.idle();

    expect(reply).toMatch(/a person will reply/);
    expect(owner.received()[ownerBefore]!.text).toMatch(/asked for a person/);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await customer.ask('How much is bike rental per day?')).toContain('$25');
  });

  it('asks the owner to call back a customer who phoned, rather than message a call', async () => {
    const owner = participant(stack, 'whatsapp:+15550640001');
    const registered = await owner.ask('!register Ring Back Repairs');
    const tenantId = stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
    await putConversationState(stack.runtime.table, {
      tenantId,
      customer: '+15550640005',
      ttlDays: 1,
      state: {
        contact: { provider: 'twilio', channel: 'voice', address: '+15550640005', via: '+15557770005' },
      },
    });

    const reply = await owner.ask('!reply +15550640005 We can fix it tomorrow');

    expect(reply).toMatch(/reached you by phone.*call them back on \+15550640005/);
    expect(stack.outbox.list().some((m) => m.to === '+15550640005')).toBe(false);
  });

  it('tells an owner who names an unknown customer, and refuses !reply from a non-owner', async () => {
    const owner = participant(stack, 'whatsapp:+15550630001');
    await owner.ask('!register Quiet Corner');
    expect(await owner.ask('!reply +15559999999 hello')).toMatch(/couldn't find a conversation/);
    expect(await owner.ask('!reply +15559999999')).toContain('To use that command');
    const stranger = participant(stack, 'whatsapp:+15550630002');
    expect(await stranger.ask('!reply +15550630001 hi')).toContain('Only a business owner');
  });
});

describe('conversations in the admin API', () => {
  it('lists and shows a tenant’s conversations, lets the owner answer through the API, and hides them from others', async () => {
    // Prepare: a tenant with a routed number and an owner contact, and a customer who asks for a person.
    const tenant = await createTenantClient(stack, 'Maple Dental');
    const other = await createTenantClient(stack, 'Birch Dental');
    await putChannelRoute(stack.runtime.table, {
      channel: 'twilio',
      address: '+15557770001',
      tenantId: tenant.tenantId,
    });
    const patched = await setConfirmedOwnerContacts(
      stack,
      tenant,
      [{ provider: 'twilio', channel: 'sms', address: '+15550640009', via: '+15557770001' }],
      { hours: 'Mon-Fri 8am-5pm' },
    );
    const customer = participant(stack, '+15550640002', '+15557770001');
    await customer.ask('I need to talk to a human about my bill');
    await stack.idle();

    // Act
    const list = await tenant.call('GET', '/v1/conversations');
    const id = list.json.conversations[0].conversationId as string;
    const shown = await tenant.call('GET', `/v1/conversations/${id}`);
    const answered = await tenant.call('POST', `/v1/conversations/${id}/messages`, {
      text: 'Hi, this is Dr. Maple.',
    });
    await stack.idle();
    const othersView = await other.call('GET', `/v1/conversations/${id}`);
    const othersPost = await other.call('POST', `/v1/conversations/${id}/messages`, { text: 'hijack' });
    const othersList = await other.call('GET', '/v1/conversations');

    // Assess
    expect(patched.status).toBe(200);
    expect(
      stack.outbox.list().some((m) => m.to === '+15550640009' && /asked for a person/.test(m.text)),
    ).toBe(true);
    expect(list.status).toBe(200);
    expect(list.json.conversations).toHaveLength(1);
    expect(list.json.conversations[0]).toMatchObject({ customer: '+15550640002', status: 'with-person' });
    expect(shown.json.turns.map((t: { role: string }) => t.role)).toEqual(['customer', 'assistant']);
    expect(answered.status).toBe(202);
    expect(customer.received().at(-1)).toMatchObject({
      text: 'Hi, this is Dr. Maple.',
      from: '+15557770001',
    });
    expect([othersView.status, othersPost.status]).toEqual([404, 404]);
    expect(othersList.json.conversations).toEqual([]);
    expect(customer.received().some((m) => m.text === 'hijack')).toBe(false);
  });
});
