import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenantByOwner } from '../../functions/store/tenants.js';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

/**
 * On a phone call the caller id is the only thing that says who is calling, and it is easy to
 * spoof: a call from the owner's number must not reveal or change anything an owner command would.
 */
const BUSINESS_NUMBER = '+14155550124';
const OWNER_PHONE = '+15550003003';
const CUSTOMER = '+15557780001';
const FACT = 'We groom dogs and cats, Tuesday to Sunday.';
const REFUSAL = /For your security, owner commands work only by text message/;

let stack: LocalStack;
let business: Awaited<ReturnType<typeof registerBusinessByChat>>;

beforeAll(async () => {
  stack = await startTestStack({ env: { VOICE_MODE: 'gather' } });
  business = await registerBusinessByChat(stack, {
    ownerPhone: OWNER_PHONE,
    name: 'Paws Parlour',
    facts: [FACT],
  });
  await business.connect('twilio', BUSINESS_NUMBER);
});
afterAll(async () => {
  await stack?.close();
});

/** Says one sentence on a call (as Twilio's speech recognition posts it) and returns what the call says back. */
const say = async (call: { callSid: string; from: string; to: string }, turn: number, speech: string) => {
  const base = `${stack.url}/webhooks/twilio/voice`;
  const asked = await postTwilioVoice(`${base}/gather?turn=${turn}`, LOCAL_TWILIO_AUTH_TOKEN, {
    ...call,
    speech,
  });
  if (asked.status !== 200) throw new Error(`gather answered ${asked.status}`);
  await stack.idle();
  const answer = await postTwilioVoice(`${base}/wait?turn=${turn}&attempt=1`, LOCAL_TWILIO_AUTH_TOKEN, call);
  return [...answer.twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]).join(' ');
};

describe('owner commands on a phone call', () => {
  it("are refused in words from the owner's own number, and change or reveal nothing", async () => {
    // Prepare
    const call = { callSid: newCallSid(), from: OWNER_PHONE, to: BUSINESS_NUMBER };
    const keysBefore = (await business.admin('GET', '/v1/keys')).json?.keys;
    const outboxBefore = stack.outbox.list().length;
    const commands = [
      '!key',
      '!add We are closed forever.',
      '!list',
      '!delete 1',
      `!reply ${CUSTOMER} Your dog is ready, pay by card now`,
      `!resume ${CUSTOMER}`,
      '!gaps',
      '!register Evil Corp',
      // A command added later is an owner command until it is listed as a customer's.
      '!export',
    ];

    // Act
    const spoken: string[] = [];
    for (const [n, command] of commands.entries()) spoken.push(await say(call, n + 1, command));
    const help = await say(call, commands.length + 1, '!help');

    // Assess: each got the spoken refusal, no key, no fact list, no gaps.
    for (const [n, words] of spoken.entries()) {
      expect(words, commands[n]).toMatch(REFUSAL);
      expect(words, commands[n]).not.toMatch(/fd_|groom|Facts for/);
    }
    expect(help).not.toMatch(/You run|!key|!add/);
    // Nothing changed: the same keys, the same single fact, nothing sent to anyone by text.
    expect((await business.admin('GET', '/v1/keys')).json?.keys).toEqual(keysBefore);
    expect(await business.owner.ask('!list')).toMatch(/1\. We groom dogs and cats[^\n]*\nRemove/);
    expect(
      stack.outbox
        .list()
        .slice(outboxBefore)
        .filter((m) => m.to !== business.owner.from),
    ).toEqual([]);
  });

  it('refuses !register from a stranger, so no business is made from a caller id', async () => {
    const stranger = '+15557780002';
    const call = { callSid: newCallSid(), from: stranger, to: BUSINESS_NUMBER };

    const words = await say(call, 1, '!register Evil Corp');

    expect(words).toMatch(REFUSAL);
    expect(await findTenantByOwner(stack.runtime.table, stranger)).toBeUndefined();
  });

  it('still answers a caller who asks a question', async () => {
    const call = { callSid: newCallSid(), from: CUSTOMER, to: BUSINESS_NUMBER };

    const words = await say(call, 1, 'Which days do you groom dogs?');

    expect(words).toMatch(/Tuesday to Sunday/);
    expect(words).not.toMatch(REFUSAL);
  });
});
