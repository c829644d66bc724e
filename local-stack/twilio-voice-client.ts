import { randomBytes } from 'node:crypto';
import { signTwilioRequest } from '../functions/channels/twilio/signature.js';

export const newCallSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/** The form Twilio posts to a voice webhook; `SpeechResult` after a speech `<Gather>`. */
export const twilioCallForm = (call: { callSid: string; from: string; to: string; speech?: string }) => {
  const form: Record<string, string> = {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: call.callSid,
    CallStatus: 'in-progress',
    Called: call.to,
    Caller: call.from,
    Direction: 'inbound',
    From: call.from,
    To: call.to,
  };
  if (call.speech !== undefined) {
    form.SpeechResult = call.speech;
    form.Confidence = '0.92';
  }
  return form;
};

/** Posts to a voice URL (absolute, as TwiML names it) signed as Twilio signs it; returns the TwiML. */
export const postTwilioVoice = async (
  url: string,
  authToken: string,
  call: { callSid: string; from: string; to: string; speech?: string },
): Promise<{ status: number; twiml: string; contentType: string | null }> => {
  const form = twilioCallForm(call);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, url, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    twiml: await response.text(),
    contentType: response.headers.get('content-type'),
  };
};
