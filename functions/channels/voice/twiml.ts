import { type HttpResult, textResponse } from '../../platform/http.js';
import { type TwimlNode, twimlDocument } from './twiml-writer.js';

/**
 * The TwiML of each moment of a call. Every `<Gather>` and `<Redirect>` points at an absolute
 * URL under `/webhooks/twilio/voice/` that carries the turn, so each step is stateless.
 */
export interface VoiceUrls {
  gather(turn: number): string;
  wait(turn: number, attempt: number): string;
  silence(turn: number, count: number): string;
  /** Where Twilio goes when ConversationRelay ends (`<Connect action>`). */
  connected(): string;
}

export const voiceUrls = (publicBaseUrl: string): VoiceUrls => {
  const base = `${publicBaseUrl}/webhooks/twilio/voice`;
  return {
    gather: (turn) => `${base}/gather?turn=${turn}`,
    wait: (turn, attempt) => `${base}/wait?turn=${turn}&attempt=${attempt}`,
    silence: (turn, count) => `${base}/silence?turn=${turn}&count=${count}`,
    connected: () => `${base}/connected`,
  };
};

const twiml = (...verbs: TwimlNode[]): HttpResult => textResponse(200, twimlDocument(verbs), 'text/xml');

/**
 * Says `prompts` while listening for speech; the caller may talk over them. If nobody speaks,
 * Twilio falls through to the `<Redirect>` to the silence step.
 */
export const listen = (urls: VoiceUrls, turn: number, prompts: string[], silenceCount = 1): HttpResult =>
  twiml(
    {
      verb: 'Gather',
      attributes: { input: 'speech', action: urls.gather(turn), method: 'POST', speechTimeout: 'auto' },
      children: prompts.map((prompt) => ({ verb: 'Say', text: prompt })),
    },
    { verb: 'Redirect', attributes: { method: 'POST' }, text: urls.silence(turn, silenceCount) },
  );

/** Keeps the caller company while the answer is being prepared, then checks again. */
export const holdOn = (urls: VoiceUrls, turn: number, attempt: number, say?: string): HttpResult =>
  twiml(say ? { verb: 'Say', text: say } : { verb: 'Pause', attributes: { length: 1 } }, {
    verb: 'Redirect',
    attributes: { method: 'POST' },
    text: urls.wait(turn, attempt),
  });

/** Says goodbye and ends the call. */
export const hangUp = (say: string): HttpResult => twiml({ verb: 'Say', text: say }, { verb: 'Hangup' });

/**
 * Hands the call to ConversationRelay: Twilio speaks the greeting, transcribes the caller and
 * exchanges JSON frames with `socketUrl`; keys are reported (0 asks for a person) and the caller
 * may talk over an answer. When the session ends, Twilio posts to `actionUrl`.
 */
export const connectRelay = (options: {
  socketUrl: string;
  actionUrl: string;
  greeting: string;
  language?: string;
  voice?: string;
}): HttpResult =>
  twiml({
    verb: 'Connect',
    attributes: { action: options.actionUrl, method: 'POST' },
    children: [
      {
        verb: 'ConversationRelay',
        attributes: {
          url: options.socketUrl,
          welcomeGreeting: options.greeting,
          language: options.language,
          voice: options.voice,
          dtmfDetection: true,
          interruptible: 'any',
        },
      },
    ],
  });

/** Puts the caller through to `to`, showing the business's number as the caller id. */
export const dial = (to: string, callerId: string): HttpResult =>
  twiml({ verb: 'Dial', attributes: { callerId, answerOnBridge: true }, text: to });
