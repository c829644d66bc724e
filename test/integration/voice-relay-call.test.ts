import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import type { ConnectionPoster } from '../../functions/realtime/connection-poster.js';
import { handleSocketEvent } from '../../functions/realtime/socket-handler.js';
import { startRelayCall } from '../../local-stack/relay-caller.js';
import { LOCAL_TWILIO_AUTH_TOKEN, type LocalStack } from '../../local-stack/stack.js';
import { newCallSid, postTwilioVoice } from '../../local-stack/twilio-voice-client.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { startTestStack } from '../support/local-stack.js';

const BUSINESS_NUMBER = '+14155550177';
const OWNER = '+15550003003';

let stack: LocalStack;
let business: Awaited<ReturnType<typeof registerBusinessByChat>>;

beforeAll(async () => {
  stack = await startTestStack();
  business = await registerBusinessByChat(stack, {
    ownerPhone: OWNER,
    name: 'Smile Dental',
    facts: [
      'We are open Mon-Fri 9am-5pm. Call us at +1 555 123 4567 or see https://smile.example/hours for holidays.',
      'Our clinic is at 12 Main Street, Springfield, next to the library. Parking is free behind the building.',
    ],
  });
  await business.connect('twilio', BUSINESS_NUMBER);
});
afterAll(async () => {
  await stack?.close();
});

const spoken = (frames: Array<{ type: string; token?: string }>) =>
  frames
    .filter((f) => f.type === 'text')
    .map((f) => f.token)
    .join('');

const postSigned = async (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, url, form),
    },
    body: new URLSearchParams(form).toString(),
  });

describe('a phone call on ConversationRelay over the local WebSocket API', () => {
  it('greets, streams two answers, keeps only what was heard of an interrupted one, transfers, and logs the call', async () => {
    const call = { callSid: newCallSid(), from: '+15557771001', to: BUSINESS_NUMBER };
    const relay = await startRelayCall({
      webhookUrl: `${stack.url}/webhooks/twilio/voice`,
      authToken: LOCAL_TWILIO_AUTH_TOKEN,
      call,
    });
    expect(relay.greeting).toMatch(/Smile Dental/);
    expect(relay.socketUrl).toMatch(/^ws:\/\/localhost:\d+\/live\?kind=voice&call=CA/);
    expect(relay.actionUrl).toBe(`${stack.url}/webhooks/twilio/voice/connected`);

    const first = await relay.say('When are you open?');
    expect(first.every((f) => f.type === 'text')).toBe(true);
    expect(first.at(-1)).toMatchObject({ type: 'text', token: '', last: true });
    expect(first.slice(0, -1).every((f) => f.last === false)).toBe(true);
    expect(spoken(first)).toMatch(/Monday to Friday 9 a\.m\. to 5 p\.m\./);
    expect(spoken(first)).toMatch(/1, 5 5 5, 1 2 3, 4 5 6 7/);
    expect(spoken(first)).not.toMatch(/https?:|smile\.example|\*/);

    const second = await relay.say('Where is the clinic?');
    const address = spoken(second);
    expect(address).toMatch(/12 Main Street/);

    // The caller talks over the second answer: only what they heard stays in the history.
    const heard = address.slice(0, address.indexOf('Springfield'));
    relay.interrupt(heard);
    await expect
      .poll(async () => {
        const { json } = await business.admin('GET', `/v1/calls/${call.callSid}`);
        return ((json?.transcript ?? []) as Array<{ interrupted?: boolean; text: string }>).find(
          (t) => t.interrupted,
        )?.text;
      })
      .toBe(heard);

    const asked = relay.prompt('Can I speak to a person please?');
    const end = await relay.waitFor((f) => f.type === 'end', asked);
    const transfer = relay.frames.slice(asked);
    expect(spoken(transfer)).toMatch(/putting you through/i);
    expect(transfer.at(-1)).toBe(end);
    expect(JSON.parse(end.handoffData!)).toEqual({ reason: 'transfer' });

    // Twilio then asks the <Connect action> what to do: dial the owner as the business.
    const connected = await postSigned(relay.actionUrl, {
      CallSid: call.callSid,
      From: call.from,
      To: call.to,
      HandoffData: end.handoffData!,
      SessionStatus: 'ended',
    });
    const twiml = await connected.text();
    expect(twiml).toMatch(new RegExp(`<Dial callerId="\\${BUSINESS_NUMBER}"[^>]*>\\${OWNER}</Dial>`));
    await relay.hangUp();

    const status = await postSigned(`${stack.url}/webhooks/twilio/voice/status`, {
      CallSid: call.callSid,
      From: call.from,
      To: call.to,
      CallStatus: 'completed',
      CallDuration: '95',
    });
    expect(status.status).toBe(204);

    const { json: list } = await business.admin('GET', '/v1/calls');
    expect(list?.calls).toContainEqual(
      expect.objectContaining({
        id: call.callSid,
        from: call.from,
        to: BUSINESS_NUMBER,
        outcome: 'transferred',
        durationSeconds: 95,
        status: 'completed',
        mode: 'relay',
        sentiment: expect.stringMatching(/positive|neutral|negative/),
      }),
    );
    const { json: detail } = await business.admin('GET', `/v1/calls/${call.callSid}`);
    const transcript = detail?.transcript as Array<{ role: string; text: string; interrupted?: boolean }>;
    expect(transcript.map((t) => t.role)).toEqual([
      'assistant',
      'caller',
      'assistant',
      'caller',
      'assistant',
      'caller',
      'assistant',
    ]);
    expect(transcript[0]!.text).toMatch(/Smile Dental/);
    expect(transcript[2]!.text).toMatch(/Monday to Friday/);
    expect(transcript[4]).toMatchObject({ text: heard, interrupted: true });
    expect(transcript[6]!.text).toMatch(/putting you through/i);

    // The conversation the next answer builds on holds the heard words, not the whole answer.
    const conversations = (await business.admin('GET', '/v1/conversations')).json?.conversations as Array<{
      conversationId: string;
      customer: string;
    }>;
    const conversation = conversations.find((c) => c.customer === call.from)!;
    const turns = (await business.admin('GET', `/v1/conversations/${conversation.conversationId}`)).json
      ?.turns as Array<{ role: string; text: string }>;
    const answers = turns.filter((t) => t.role === 'assistant').map((t) => t.text);
    expect(answers).toContain(heard);
    expect(answers.some((a) => a.includes('Parking is free'))).toBe(false);
  });

  it('takes a message for the owner when no one can be put through (key 0), and alerts the owner with the transcript', async () => {
    const other = await registerBusinessByChat(stack, {
      ownerPhone: '+15550003004',
      name: 'Night Owl Bakery',
      facts: ['We bake sourdough every morning.'],
    });
    await other.connect('twilio', '+14155550178');
    // Closed every day: nobody to put the caller through to.
    expect((await other.admin('PATCH', '/v1/tenant/profile', { hours: 'Sun 3am-4am' })).status).toBe(200);
    const call = { callSid: newCallSid(), from: '+15557771002', to: '+14155550178' };
    const relay = await startRelayCall({
      webhookUrl: `${stack.url}/webhooks/twilio/voice`,
      authToken: LOCAL_TWILIO_AUTH_TOKEN,
      call,
    });
    const from = relay.press('0');
    const ask = await relay.waitFor((f) => f.type === 'text' && f.last === true, from);
    expect(ask.token).toMatch(/tell me your message/);
    const seen = stack.outbox.list().length;
    const thanks = await relay.say('This is Ana, please call me back about a birthday cake.');
    expect(spoken(thanks)).toMatch(/passed your message on/);
    const alert = await stack.outbox.waitFor((m) => m.to.endsWith('+15550003004'), 10_000, seen);
    expect(alert.text).toMatch(
      /\+15557771002 called and left a message: "This is Ana, please call me back about a birthday cake\."/,
    );
    expect(alert.text).toMatch(/Caller: pressed 0 \/ Assistant: No one at Night Owl Bakery/);
    await relay.hangUp();
    await postSigned(`${stack.url}/webhooks/twilio/voice/status`, {
      CallSid: call.callSid,
      From: call.from,
      To: call.to,
      CallStatus: 'completed',
      CallDuration: '40',
    });
    const { json } = await other.admin('GET', `/v1/calls/${call.callSid}`);
    expect(json).toMatchObject({ outcome: 'message', durationSeconds: 40 });
  });

  it('refuses a handshake without Twilio signature, and drops frames from a connection bound to nothing', async () => {
    const call = { callSid: newCallSid(), from: '+15557771003', to: BUSINESS_NUMBER };
    const incoming = await postTwilioVoice(
      `${stack.url}/webhooks/twilio/voice`,
      LOCAL_TWILIO_AUTH_TOKEN,
      call,
    );
    const url = /url="([^"]+)"/.exec(incoming.twiml)![1]!.replace(/&amp;/g, '&');
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { headers: { 'x-twilio-signature': 'forged' } });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(refused).toBe(403);
    // The same URL signed for another call's SID is refused too: the signature covers the query.
    const other = url.replace(call.callSid, newCallSid());
    const forged = await new Promise<number>((resolve) => {
      const socket = new WebSocket(other, {
        headers: { 'x-twilio-signature': signTwilioRequest(LOCAL_TWILIO_AUTH_TOKEN, other, {}) },
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(forged).toBe(403);

    const posted: unknown[] = [];
    const poster: ConnectionPoster = { post: async (_id, frame) => posted.push(frame) > 0 };
    const { config } = stack.runtime;
    const result = await handleSocketEvent(
      {
        requestContext: {
          routeKey: '$default',
          eventType: 'MESSAGE',
          connectionId: 'never-connected=',
          domainName: 'localhost',
          stage: 'live',
        },
        body: JSON.stringify({ type: 'prompt', voicePrompt: 'When are you open?', last: true }),
      },
      {
        ...stack.runtime,
        conversationTtlDays: config.conversationTtlDays,
        answers: config.answers,
        defaultPlan: config.defaultPlan,
        sharedNumbers: config.sharedNumbers,
        relayUrl: config.voice.relayUrl,
        connectionsFor: () => poster,
      },
    );
    expect(result.statusCode).toBe(200);
    expect(posted).toEqual([]);
  });
});
