import { randomBytes } from 'node:crypto';
import { signTwilioRequest } from '../functions/channels/twilio/signature.js';

export interface SimulatedTwilioMessage {
  from: string;
  to: string;
  body: string;
  messageSid?: string;
  profileName?: string;
  /** Attachments as Twilio posts them: `MediaUrl<n>` and `MediaContentType<n>`. */
  media?: Array<{ url: string; contentType: string }>;
}

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** The form Twilio posts for an inbound SMS or WhatsApp message. */
export const twilioMessageForm = (message: SimulatedTwilioMessage, accountSid = `AC${'0'.repeat(32)}`) => {
  const sid = message.messageSid ?? newMessageSid();
  const form: Record<string, string> = {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: message.body,
    To: message.to,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: message.from,
    ApiVersion: '2010-04-01',
  };
  if (message.profileName) form.ProfileName = message.profileName;
  for (const [i, media] of (message.media ?? []).entries()) {
    form[`MediaUrl${i}`] = media.url;
    form[`MediaContentType${i}`] = media.contentType;
  }
  if (message.media?.length) form.NumMedia = String(message.media.length);
  if (message.from.startsWith('whatsapp:')) form.WaId = message.from.replace(/^whatsapp:\+?/, '');
  return form;
};

/**
 * Posts a message to a running stack exactly as Twilio would: form-encoded and signed with the
 * auth token over the public URL. Used by the demo, the chat tool and the integration tests.
 * `publicBaseUrl` is the origin the stack verifies signatures against (its `PUBLIC_BASE_URL`)
 * when that is not the address posted to.
 */
export const postTwilioMessage = async (
  baseUrl: string,
  authToken: string,
  message: SimulatedTwilioMessage,
  publicBaseUrl = baseUrl,
): Promise<{ status: number; body: string; messageSid: string }> => {
  const form = twilioMessageForm(message);
  const path = '/webhooks/twilio/messaging';
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, `${publicBaseUrl.replace(/\/+$/, '')}${path}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.text(), messageSid: form.MessageSid! };
};
