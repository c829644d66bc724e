import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSnippet } from '../../functions/knowledge/knowledge-base.js';
import { putBusinessSettings } from '../../functions/store/business-profile.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { listOpenGaps } from '../../functions/store/insights.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient } from '../support/admin-client.js';
import { type ChatRequest, startFakeChatServer } from '../support/fake-chat-server.js';
import { participant, startTestStack } from '../support/local-stack.js';

/** A business on its own number, with facts, as an owner would set it up. */
const business = async (
  stack: LocalStack,
  name: string,
  number: string,
  facts: string[],
  language?: string,
) => {
  const tenant = await createTenantClient(stack, name);
  await putChannelRoute(stack.runtime.table, {
    channel: 'twilio',
    address: number,
    tenantId: tenant.tenantId,
  });
  const knowledge = { table: stack.runtime.table, index: stack.runtime.knowledge };
  for (const fact of facts) await addSnippet(knowledge, tenant.tenantId, fact);
  if (language) await putBusinessSettings(stack.runtime.table, tenant.tenantId, { name, language });
  return tenant;
};

describe('answers a customer can trust, with no model (issue 15)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('declines an off-topic question instead of quoting a passage that shares one word', async () => {
    await business(stack, 'Bella Pizza', '+15557900001', [
      'Parking is free behind the restaurant on Elm Street.',
      'We are open Monday to Saturday from 11am to 10pm.',
    ]);
    const customer = participant(stack, '+15550900001', '+15557900001');

    const reply = await customer.ask('Do you have gluten-free pizza?');

    expect(reply).toMatch(/don't have that information about Bella Pizza/);
    expect(reply).not.toMatch(/Parking/);
    expect(await customer.ask('What are your opening hours?')).toContain('11am to 10pm');
  });

  it('answers "Is there parking?" after a booking question, as it would for a new customer', async () => {
    await business(stack, 'Elm Trattoria', '+15557900002', [
      'Parking is free behind the restaurant on Elm Street.',
      'Book a table by calling 555-0100; we seat groups of up to 8.',
    ]);
    const regular = participant(stack, '+15550900002', '+15557900002');
    const newcomer = participant(stack, '+15550900003', '+15557900002');

    await regular.ask('Can I book a table for 6?');
    const followUp = await regular.ask('Is there parking?');

    expect(followUp).toContain('Parking is free behind the restaurant');
    expect(await newcomer.ask('Is there parking?')).toBe(followUp);
  });

  it('greets, thanks and acknowledges in a word, and keeps only real questions as gaps, merged', async () => {
    const tenant = await business(stack, 'Cedar Salon', '+15557900003', ['A haircut costs $30.']);
    const customer = participant(stack, '+15550900004', '+15557900003');

    const hi = await customer.ask('hi');
    const others = [
      await customer.ask('YES'),
      await customer.ask('Hello? Anyone?'),
      await customer.ask('thanks!'),
      await customer.ask('ok'),
      await customer.ask('bye'),
    ];
    await customer.ask('Is there a student discount?');
    await customer.ask('Do you have student discounts?');

    expect(hi).toMatch(/Cedar Salon's assistant/);
    expect(hi).toMatch(/opening hours, prices/);
    for (const reply of [hi, ...others]) expect(reply).not.toMatch(/don't have that information/);
    const gaps = await listOpenGaps(stack.runtime.table, tenant.tenantId);
    expect(gaps.map((g) => [g.question, g.asked])).toEqual([['Is there a student discount?', 2]]);
  });

  it('quotes the sentence that answers, not the whole passage', async () => {
    await business(stack, 'Harbour Bikes', '+15557900004', [
      'Harbour Bikes has rented bicycles on the seafront since 1987. Our fleet has city bikes, e-bikes and tandems. ' +
        'A city bike costs $25 per day. Helmets are free with every rental. We close when it storms.',
    ]);
    const customer = participant(stack, '+15550900005', '+15557900004');

    const reply = await customer.ask('How much is a city bike per day?');

    expect(reply).toContain('A city bike costs $25 per day.');
    expect(reply).not.toMatch(/1987|storms/);
  });

  it('declines, hands over and greets in the language the customer wrote in', async () => {
    await business(stack, 'Casa Lola', '+15557900005', ['Tenemos pizza sin gluten los viernes.'], 'Spanish');
    const maria = participant(stack, '+15550900006', '+15557900005');
    const joao = participant(stack, '+15550900007', '+15557900005');
    const anne = participant(stack, '+15550900008', '+15557900005');
    const jonas = participant(stack, '+15550900009', '+15557900005');

    expect(await maria.ask('¿Aceptan tarjeta de crédito?')).toMatch(
      /^Lo siento, todavía no tengo esa información/,
    );
    expect(await maria.ask('sí')).toMatch(
      /He pasado tu pregunta al equipo de Casa Lola|He anotado tu pregunta/,
    );
    expect(await joao.ask('Posso levar meu cachorro?')).toMatch(/^Desculpe, ainda não tenho essa informação/);
    expect(await anne.ask('Bonjour')).toMatch(/^Bonjour ! Je suis l'assistant de Casa Lola/);
    expect(await jonas.ask('Darf ich meinen Hund mitbringen?')).toMatch(/^Entschuldigung, diese Information/);
    // María's conversation is with a person now; a new customer's greeting gets the assistant.
    const lucia = participant(stack, '+15550900011', '+15557900005');
    expect(await lucia.ask('hola')).toMatch(/^¡Hola! Soy el asistente de Casa Lola/);
  });
});

describe('answers in the customer language, with a model (issue 15)', () => {
  it('searches the knowledge in its own language and tells the model to reply in the customer one', async () => {
    const model = await startFakeChatServer((request: ChatRequest) =>
      request.messages[0]?.content.includes('search query')
        ? { reply: { query: 'Is there gluten-free pizza?' } }
        : {
            reply: {
              reply: 'Sí, tenemos pizza sin gluten los viernes.',
              known: true,
              sources: [1],
              intent: 'product_info',
              sentiment: 'neutral',
            },
          },
    );
    const stack = await startTestStack({
      env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test' },
    });
    try {
      await business(
        stack,
        'Luigi Pizza',
        '+15557900010',
        ['Gluten-free pizza is available on Fridays.', 'Parking is free on Elm Street.'],
        'English',
      );
      const customer = participant(stack, '+15550900010', '+15557900010');

      const reply = await customer.ask('¿Tienen pizza sin gluten?');

      const [rewrite, answer] = model.received;
      expect(model.received).toHaveLength(2);
      expect(rewrite!.messages[0]!.content).toMatch(/Write the query in English/);
      expect(rewrite!.messages[1]!.content).toContain('¿Tienen pizza sin gluten?');
      // The English query found the English fact, which the model was given as source 1.
      expect(answer!.messages[1]!.content).toMatch(
        /<source id="1">\nGluten-free pizza is available on Fridays\./,
      );
      expect(answer!.messages[0]!.content).toMatch(/Reply in Spanish/);
      expect(answer!.messages.at(-1)!.content).toBe('¿Tienen pizza sin gluten?');
      expect(reply).toBe('Sí, tenemos pizza sin gluten los viernes.');
    } finally {
      await stack.close();
      await model.close();
    }
  });
});
