import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { describe, expect, it } from 'vitest';
import {
  connectRelay,
  dial,
  hangUp,
  holdOn,
  listen,
  voiceUrls,
} from '../../functions/channels/voice/twiml.js';

/**
 * The calls' TwiML is written by a small writer instead of twilio-node's VoiceResponse (80 KB less
 * in the webhook): it must be the same document, escaping included.
 */
const urls = voiceUrls('https://api.example.com');
const tricky = 'Tom & Jerry\'s <"Diner"> \n open 9–5, café';

describe('TwiML of a call', () => {
  it('is what twilio-node writes, for every moment of a call', () => {
    const expected = (build: (response: VoiceResponse) => void) => {
      const response = new VoiceResponse();
      build(response);
      return response.toString();
    };

    expect(listen(urls, 3, ['Hello!', tricky], 2).body).toBe(
      expected((r) => {
        const gather = r.gather({
          input: ['speech'],
          action: urls.gather(3),
          method: 'POST',
          speechTimeout: 'auto',
        });
        gather.say('Hello!');
        gather.say(tricky);
        r.redirect({ method: 'POST' }, urls.silence(3, 2));
      }),
    );
    expect(holdOn(urls, 1, 2).body).toBe(
      expected((r) => {
        r.pause({ length: 1 });
        r.redirect({ method: 'POST' }, urls.wait(1, 2));
      }),
    );
    expect(holdOn(urls, 1, 3, tricky).body).toBe(
      expected((r) => {
        r.say(tricky);
        r.redirect({ method: 'POST' }, urls.wait(1, 3));
      }),
    );
    expect(hangUp(tricky).body).toBe(
      expected((r) => {
        r.say(tricky);
        r.hangup();
      }),
    );
    const relay = {
      socketUrl: 'wss://api.example.com/relay?t=a&b=c',
      actionUrl: urls.connected(),
      greeting: tricky,
    };
    expect(connectRelay({ ...relay, language: 'es-ES', voice: 'Polly.Lucia' }).body).toBe(
      expected((r) => {
        r.connect({ action: relay.actionUrl, method: 'POST' }).conversationRelay({
          url: relay.socketUrl,
          welcomeGreeting: tricky,
          language: 'es-ES',
          voice: 'Polly.Lucia',
          dtmfDetection: true,
          interruptible: 'any',
        });
      }),
    );
    expect(connectRelay(relay).body).toBe(
      expected((r) => {
        r.connect({ action: relay.actionUrl, method: 'POST' }).conversationRelay({
          url: relay.socketUrl,
          welcomeGreeting: tricky,
          dtmfDetection: true,
          interruptible: 'any',
        });
      }),
    );
    expect(dial('+15551230000', '+15557770000').body).toBe(
      expected((r) => {
        r.dial({ callerId: '+15557770000', answerOnBridge: true }, '+15551230000');
      }),
    );
  });
});
