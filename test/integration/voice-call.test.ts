import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

const BUSINESS_NUMBER = '+14155550123';
const CALLER = '+15557770001';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { VOICE_MODE: 'gather' } });
  const business = await registerBusinessByChat(stack, {
    ownerPhone: '+15550002002',
    name: 'Smile Dental',
    facts: [
      'We are open Mon-Fri 9am-5pm. Call us at +1 555 123 4567 or see https://smile.example/hours for holidays.',
    ],
  });
  await business.connect('twilio', BUSINESS_NUMBER);
});
afterAll(async () => {
  await stack?.close();
});

/** The TwiML verbs in order, each with its attributes and text, from a Twilio response body. */
const verbs = (twiml: string) =>
  [...twiml.matchAll(/<(Say|Gather|Redirect|Pause|Hangup)([^>]*?)\/?>(?:([^<]*)<\/\1>)?/g)].map((m) => ({
    verb: m[1],
    attributes: Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    text: m[3]?.replace(/&amp;/g, '&').replace(/&apos;/g, "'") ?? '',
  }));

const unescapeUrl = (url: string) => url.replace(/&amp;/g, '&');
const redirectOf = (twiml: string) => /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(twiml)?.[1];
const gatherActionOf = (twiml: string) => /<Gather[^>]*action="([^"]+)"/.exec(twiml)?.[1];

describe('a phone call', () => {
  it('greets, answers a spoken question from the facts, and hangs up on goodbye', async () => {
    const call = { callSid: newCallSid(), from: CALLER, to: BUSINESS_NUMBER };

    // Greeting: the business name, and a speech Gather posting to an absolute URL.
    const greeting = await postTwilioVoice(
      `${stack.url}/webhooks/twilio/voice`,
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );
    expect(greeting.status).toBe(200);
    expect(greeting.contentType).toMatch(/^text\/xml/);
    const [gather, say, silence] = verbs(greeting.twiml);
    expect(gather).toMatchObject({ verb: 'Gather', attributes: { input: 'speech', method: 'POST' } });
    expect(gather!.attributes.action).toBe(`${stack.url}/webhooks/twilio/voice/gather?turn=1`);
    expect(say!.text).toMatch(/Smile Dental/);
    expect(silence).toMatchObject({ verb: 'Redirect' });

    // The caller speaks: the call holds on while the answer worker prepares the reply.
    const asked = await postTwilioVoice(
      unescapeUrl(gatherActionOf(greeting.twiml)!),
      LOCAL_TWILIO_AUTH_TOKEN,
      {
        ...call,
        speech: 'When are you open?',
      },
    );
    expect(verbs(asked.twiml).map((v) => v.verb)).toEqual(['Say', 'Redirect']);

    // Follow the redirects as Twilio would, until the answer is spoken.
    let step = asked;
    for (let i = 0; i < 10 && !gatherActionOf(step.twiml); i++) {
      const started = Date.now();
      step = await postTwilioVoice(unescapeUrl(redirectOf(step.twiml)!), LOCAL_TWILIO_AUTH_TOKEN, call);
      // A hold step ends (it never waits for the answer forever), however loaded the machine.
      expect(Date.now() - started).toBeLessThan(60_000);
    }
    const answer = verbs(step.twiml);
    expect(answer[0]).toMatchObject({ verb: 'Gather', attributes: { input: 'speech' } });
    expect(answer[0]!.attributes.action).toMatch(/\/webhooks\/twilio\/voice\/gather\?turn=2$/);
    const spoken = answer[1]!.text;
    expect(spoken).toMatch(/Monday to Friday 9 a\.m\. to 5 p\.m\./);
    expect(spoken).toMatch(/1, 5 5 5, 1 2 3, 4 5 6 7/);
    expect(spoken).not.toMatch(/https?:|smile\.example|\*|#/);
    expect(answer[2]!.text).toMatch(/anything else/i);

    // Goodbye ends the call politely.
    const bye = await postTwilioVoice(unescapeUrl(gatherActionOf(step.twiml)!), LOCAL_TWILIO_AUTH_TOKEN, {
      ...call,
      speech: 'No thanks, goodbye.',
    });
    const last = verbs(bye.twiml);
    expect(last.map((v) => v.verb)).toEqual(['Say', 'Hangup']);
    expect(last[0]!.text).toMatch(/Thank you for calling Smile Dental/);
  });

  it('asks again after a silence and hangs up politely after the second', async () => {
    const call = { callSid: newCallSid(), from: '+15557770002', to: BUSINESS_NUMBER };
    const greeting = await postTwilioVoice(
      `${stack.url}/webhooks/twilio/voice`,
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );

    const first = await postTwilioVoice(
      unescapeUrl(redirectOf(greeting.twiml)!),
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );
    expect(verbs(first.twiml).map((v) => v.verb)).toEqual(['Gather', 'Say', 'Redirect']);
    expect(verbs(first.twiml)[1]!.text).toMatch(/still there/i);

    const second = await postTwilioVoice(
      unescapeUrl(redirectOf(first.twiml)!),
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );
    expect(verbs(second.twiml).map((v) => v.verb)).toEqual(['Say', 'Hangup']);
    expect(verbs(second.twiml)[0]!.text).toMatch(/Goodbye/);
  });

  it('queues a retried speech webhook once', async () => {
    const call = { callSid: newCallSid(), from: '+15557770003', to: BUSINESS_NUMBER };
    const url = `${stack.url}/webhooks/twilio/voice/gather?turn=1`;
    await Promise.all([
      postTwilioVoice(url, LOCAL_TWILIO_AUTH_TOKEN, { ...call, speech: 'When are you open?' }),
      postTwilioVoice(url, LOCAL_TWILIO_AUTH_TOKEN, { ...call, speech: 'When are you open?' }),
    ]);
    await stack.idle();
    const waited = await postTwilioVoice(
      `${stack.url}/webhooks/twilio/voice/wait?turn=1&attempt=1`,
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );
    // One answer, spoken once (two queued copies would append it twice).
    const spoken = verbs(waited.twiml)[1]!.text;
    expect(spoken.match(/Monday to Friday/g)).toHaveLength(1);
  });

  it('refuses a voice webhook with a bad signature, and tells callers of an unconnected number', async () => {
    const call = { callSid: newCallSid(), from: CALLER, to: BUSINESS_NUMBER };
    const forged = await postTwilioVoice(`${stack.url}/webhooks/twilio/voice`, 'not-the-auth-token', call);
    expect(forged.status).toBe(403);

    const elsewhere = await postTwilioVoice(`${stack.url}/webhooks/twilio/voice`, LOCAL_TWILIO_AUTH_TOKEN, {
      ...call,
      to: '+14155550999',
    });
    expect(verbs(elsewhere.twiml).map((v) => v.verb)).toEqual(['Say', 'Hangup']);
  });
});
