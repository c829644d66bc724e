import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { type HttpResult, textResponse } from '../../platform/http.js';

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

const twiml = (response: VoiceResponse): HttpResult => textResponse(200, response.toString(), 'text/xml');

/**
 * Says `prompts` while listening for speech; the caller may talk over them. If nobody speaks,
 * Twilio falls through to the `<Redirect>` to the silence step.
 */
export const listen = (urls: VoiceUrls, turn: number, prompts: string[], silenceCount = 1): HttpResult => {
  const response = new VoiceResponse();
  const gather = response.gather({
    input: ['speech'],
    action: urls.gather(turn),
    method: 'POST',
    speechTimeout: 'auto',
  });
  for (const prompt of prompts) gather.say(prompt);
  response.redirect({ method: 'POST' }, urls.silence(turn, silenceCount));
  return twiml(response);
};

/** Keeps the caller company while the answer is being prepared, then checks again. */
export const holdOn = (urls: VoiceUrls, turn: number, attempt: number, say?: string): HttpResult => {
  const response = new VoiceResponse();
  if (say) response.say(say);
  else response.pause({ length: 1 });
  response.redirect({ method: 'POST' }, urls.wait(turn, attempt));
  return twiml(response);
};

/** Says goodbye and ends the call. */
export const hangUp = (say: string): HttpResult => {
  const response = new VoiceResponse();
  response.say(say);
  response.hangup();
  return twiml(response);
};

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
}): HttpResult => {
  const response = new VoiceResponse();
  const connect = response.connect({ action: options.actionUrl, method: 'POST' });
  connect.conversationRelay({
    url: options.socketUrl,
    welcomeGreeting: options.greeting,
    ...(options.language ? { language: options.language } : {}),
    ...(options.voice ? { voice: options.voice } : {}),
    dtmfDetection: true,
    interruptible: 'any',
  });
  return twiml(response);
};

/** Puts the caller through to `to`, showing the business's number as the caller id. */
export const dial = (to: string, callerId: string): HttpResult => {
  const response = new VoiceResponse();
  response.dial({ callerId, answerOnBridge: true }, to);
  return twiml(response);
};
