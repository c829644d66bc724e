import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { LOCAL_TWILIO_AUTH_TOKEN } from '../../local-stack/stack.js';
import { newMessageSid, twilioMessageForm } from '../../local-stack/twilio-client.js';
import { codeIn, participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const postForm = (form: Record<string, string>, signature?: string, path = '/webhooks/twilio/messaging') =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(form).toString(),
  });

describe('a Twilio conversation on the local stack', () => {
  it('registers a business by chat, learns a fact, and answers a customer with it', async () => {
    // Prepare
    const owner = participant(stack, 'whatsapp:+15550100001');
    const customer = participant(stack, 'whatsapp:+15550100002');

    // Act
    const registered = await owner.ask('!register Bella Pizza');
    const code = codeIn(registered);
    const added = await owner.ask('!add We are open Monday to Saturday from 11am to 10pm.');
    const reply = await customer.ask(`!business ${code} What are your opening hours?`);

    // Assess
    expect(code).toMatch(/^bellapiz_\d{4}$/);
    expect(added).toContain('fact #1');
    expect(reply).toContain('11am to 10pm');
    expect(reply).toContain('Bella Pizza');
    const sent = stack.outbox.list().at(-1)!;
    expect(sent).toMatchObject({ channel: 'whatsapp', to: customer.from, from: 'whatsapp:+14155238886' });
  });

  it('keeps the chosen business for later messages until !exit', async () => {
    const owner = participant(stack, '+15550110001', '+14155238886');
    const customer = participant(stack, '+15550110002', '+14155238886');
    const code = codeIn(await owner.ask('!register Sunny Yoga'));
    await owner.ask('!add A drop-in yoga class costs $18.');

    expect(await customer.ask(`!business ${code}`)).toContain("You're now chatting with Sunny Yoga");
    expect(await customer.ask('How much is a drop-in class?')).toContain('$18');
    expect(await customer.ask('!exit')).toContain("You've left Sunny Yoga");
    expect(await customer.ask('How much is a drop-in class?')).toMatch(/answers for many businesses/);
  });

  it('lists and deletes facts, and answers unknown commands and codes helpfully', async () => {
    const owner = participant(stack, 'whatsapp:+15550120001');
    await owner.ask('!register Corner Books');
    await owner.ask('!add We buy used books on Tuesdays.');
    await owner.ask('!add Gift cards are sold at the counter.');
    expect(await owner.ask('!list')).toMatch(/1\. We buy used books on Tuesdays\.\n2\. Gift cards/);
    expect(await owner.ask('!delete 1')).toContain('Deleted fact #1');
    expect(await owner.ask('!list')).toMatch(/1\. Gift cards/);
    expect(await owner.ask('!delete 9')).toContain('There is no fact #9');
    expect(await owner.ask('!frobnicate')).toMatch(/I don't know the command "!frobnicate"/);
    expect(await owner.ask('!help')).toContain('You run Corner Books');

    const stranger = participant(stack, 'whatsapp:+15550120002');
    expect(await stranger.ask('!business nosuch_1234 hi')).toContain("couldn't find a business");
    expect(await stranger.ask('!add I am not an owner')).toContain('Only a business owner');
    expect(await stranger.ask('hello')).toMatch(/answers for many businesses/);
  });

  it('never gives tenant B’s customers tenant A’s facts', async () => {
    // Prepare: two businesses with near-identical facts.
    const ownerA = participant(stack, 'whatsapp:+15550130001');
    const ownerB = participant(stack, 'whatsapp:+15550130002');
    const codeA = codeIn(await ownerA.ask('!register Cafe Alpha'));
    const codeB = codeIn(await ownerB.ask('!register Cafe Beta'));
    await ownerA.ask('!add The wifi password is tomato-basil-42.');
    await ownerA.ask('!add We roast our own espresso beans every Monday.');
    await ownerB.ask('!add The wifi password is ocean-breeze-17.');

    // Act
    const customerOfB = participant(stack, 'whatsapp:+15550130003');
    const wifi = await customerOfB.ask(`!business ${codeB} What is the wifi password?`);
    const espresso = await customerOfB.ask('Do you roast your own espresso beans?');
    const customerOfA = participant(stack, 'whatsapp:+15550130004');
    const wifiA = await customerOfA.ask(`!business ${codeA} what's the wifi password`);

    // Assess
    expect(wifi).toContain('ocean-breeze-17');
    expect(espresso).toMatch(/don't have that information about Cafe Beta/);
    expect(wifiA).toContain('tomato-basil-42');
    const everythingB = customerOfB
      .received()
      .map((m) => m.text)
      .join('\n');
    expect(everythingB).not.toMatch(/tomato-basil|espresso beans every Monday/);
  });

  it('answers a number routed to one business without a code', async () => {
    const owner = participant(stack, 'whatsapp:+15550140001');
    const registered = await owner.ask('!register Lakeside Dental');
    await owner.ask('!add A check-up and cleaning costs $95.');
    const tenantId = stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
    await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: '+15557654321', tenantId });

    const customer = participant(stack, '+15550140002', '+15557654321');
    expect(await customer.ask('How much is a check-up?')).toContain('$95');
    expect(await customer.ask('!business lakeside_0000')).toContain('This number belongs to Lakeside Dental');
  });

  it('passes a question it cannot answer to the owner when the customer says yes', async () => {
    const owner = participant(stack, 'whatsapp:+15550150001');
    const code = codeIn(await owner.ask('!register Green Thumb Nursery'));
    await owner.ask('!add We sell houseplants and garden tools.');
    const customer = participant(stack, 'whatsapp:+15550150002');

    expect(await customer.ask(`!business ${code} Can you deliver a lemon tree to Leeds?`)).toMatch(
      /Reply YES/,
    );
    const before = owner.received().length;
    expect(await customer.ask('yes')).toContain("I've passed your question to Green Thumb Nursery's team");
    await stack.idle();

    const alert = owner.received().slice(before)[0];
    expect(alert?.text).toContain('Can you deliver a lemon tree to Leeds?');
    expect(alert?.text).toContain('+15550150002');
  });

  it('splits replies longer than 1,600 characters into parts', async () => {
    const owner = participant(stack, 'whatsapp:+15550160001');
    await owner.ask('!register Long Lists Ltd');
    for (let i = 0; i < 3; i++)
      await owner.ask(`!add ${`Fact ${i} says something rather long. `.repeat(18)}`);
    const before = owner.received().length;
    await owner.post('!list');
    await stack.idle();
    const parts = owner.received().slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect([...part.text].length).toBeLessThanOrEqual(1600);
  });
});

describe('the Twilio webhook refuses what it must', () => {
  it('answers 403 to a forged or unsigned request, and queues and sends nothing', async () => {
    const form = twilioMessageForm({
      from: '+15550200001',
      to: '+14155238886',
      body: '!register Forged Inc',
    });
    const url = `${stack.url}/webhooks/twilio/messaging`;
    const before = stack.outbox.list().length;

    const wrongToken = await postForm(form, signTwilioRequest('not-the-token', url, form));
    const tampered = await postForm(
      { ...form, Body: '!register Tampered' },
      signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url, form),
    );
    const unsigned = await postForm(form);
    await stack.idle();

    expect([wrongToken.status, tampered.status, unsigned.status]).toEqual([403, 403, 403]);
    expect(stack.answerQueue.depth).toBe(0);
    expect(stack.outbox.list().length).toBe(before);
  });

  it('answers 400, not 500, to a signed but malformed body', async () => {
    const url = `${stack.url}/webhooks/twilio/messaging`;
    const form = { From: '+15550200002', Body: 'hi' };
    const response = await postForm(form, signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url, form));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/Malformed Twilio message/) });
  });

  it('answers the same MessageSid once, however often it is delivered', async () => {
    const owner = participant(stack, 'whatsapp:+15550210001');
    const messageSid = newMessageSid();
    const responses = await Promise.all([
      owner.post('!register Once Only', { messageSid }),
      owner.post('!register Once Only', { messageSid }),
    ]);
    const third = await owner.post('!register Once Only', { messageSid });
    await stack.idle();

    expect([...responses, third].map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of [...responses, third])
      expect(r.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(owner.received()).toHaveLength(1);
  });
});

describe('delivery status callbacks', () => {
  it('records the furthest status reached, even when callbacks arrive out of order', async () => {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../functions/store/keys.js');
    const tenantId = 'status-tenant';
    const post = async (status: string) => {
      const path = `/webhooks/twilio/status?tenant=${tenantId}`;
      const form = {
        MessageSid: 'SMaaaabbbbccccddddeeeeffff00001111',
        MessageStatus: status,
        To: '+15550300001',
      };
      return postForm(form, signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, `${stack.url}${path}`, form), path);
    };

    const delivered = await post('delivered');
    const sentLate = await post('sent');

    expect(delivered.status).toBe(200);
    expect(await delivered.text()).toBe('');
    expect(sentLate.status).toBe(200);
    const { Item } = await stack.runtime.table.client.send(
      new GetCommand({
        TableName: stack.runtime.table.name,
        Key: keys.delivery(tenantId, 'twilio', 'SMaaaabbbbccccddddeeeeffff00001111'),
      }),
    );
    expect(Item?.status).toBe('delivered');
  });
});
