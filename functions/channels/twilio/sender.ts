import { ConfigurationError, FrontdeskError } from '../../platform/errors.js';
import type { ChannelSender, OutboundMessage, SendResult } from '../message.js';
import { splitMessage } from '../split.js';

/** Twilio accepts at most 1,600 characters per message body, WhatsApp included. */
export const TWILIO_BODY_LIMIT = 1600;

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioSenderOptions {
  credentials: () => Promise<TwilioCredentials | undefined>;
  /** Where delivery statuses are reported, e.g. `https://api.example.com/webhooks/twilio/status`. */
  statusCallbackUrl?: (message: OutboundMessage) => string | undefined;
  /** A local server that speaks Twilio's REST API (tests); the real API otherwise. */
  apiBaseUrl?: string;
}

/** Twilio refused a message: its HTTP status, its error code and message. */
export class TwilioApiError extends FrontdeskError {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

const TWILIO_API = 'https://api.twilio.com';
const MAX_RETRIES = 3;
const MAX_RETRY_DELAY_MS = 3000;

/**
 * Sends through Twilio's Messages API, one request per part of a long reply, retrying 429s with
 * exponential backoff as twilio-node's `autoRetry` does.
 *
 * One form POST, written here rather than through twilio-node: its REST client cannot be
 * imported in part (even `twilio/lib/rest/Twilio.js` bundles every API) and measured 3.8 MB
 * and about half of the answer worker's cold start (`npm run bench`, BENCHMARKS.md).
 */
export const createTwilioSender = (options: TwilioSenderOptions): ChannelSender => {
  const apiBaseUrl = (options.apiBaseUrl ?? TWILIO_API).replace(/\/+$/, '');

  const createMessage = async (credentials: TwilioCredentials, form: URLSearchParams): Promise<string> => {
    const url = `${apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form,
      });
      const payload = (await response.json().catch(() => ({}))) as {
        sid?: string;
        code?: number;
        message?: string;
      };
      if (response.ok && payload.sid) return payload.sid;
      if (response.status === 429 && attempt < MAX_RETRIES) {
        const delay = Math.min(100 * 2 ** attempt + Math.random() * 100, MAX_RETRY_DELAY_MS);
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      throw new TwilioApiError(
        response.status,
        payload.code,
        `Twilio refused the message (HTTP ${response.status}${payload.code ? `, code ${payload.code}` : ''}): ${payload.message ?? response.statusText}`,
      );
    }
  };

  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const credentials = await options.credentials();
      if (!credentials)
        throw new ConfigurationError(
          'Twilio credentials are not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)',
        );
      const statusCallback = options.statusCallbackUrl?.(message);
      const providerMessageIds: string[] = [];
      for (const body of splitMessage(message.text, TWILIO_BODY_LIMIT)) {
        const form = new URLSearchParams({ To: message.to, From: message.from, Body: body });
        if (statusCallback) form.set('StatusCallback', statusCallback);
        providerMessageIds.push(await createMessage(credentials, form));
      }
      return { providerMessageIds };
    },
  };
};
