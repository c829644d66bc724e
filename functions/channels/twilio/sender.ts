import twilio from 'twilio';
import { ConfigurationError } from '../../platform/errors.js';
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

type TwilioClient = ReturnType<typeof twilio>;

/**
 * Sends through Twilio's Messages API with the real client, one request per part of a long
 * reply. The client is built once per process (per credentials) and retries 429s itself.
 */
export const createTwilioSender = (options: TwilioSenderOptions): ChannelSender => {
  let cached: { key: string; client: TwilioClient } | undefined;

  const clientFor = async (): Promise<TwilioClient> => {
    const credentials = await options.credentials();
    if (!credentials)
      throw new ConfigurationError(
        'Twilio credentials are not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)',
      );
    const key = `${credentials.accountSid}:${credentials.authToken}`;
    if (cached?.key !== key) {
      const client = twilio(credentials.accountSid, credentials.authToken, {
        autoRetry: true,
        maxRetries: 3,
      });
      if (options.apiBaseUrl) client.api.baseUrl = options.apiBaseUrl;
      cached = { key, client };
    }
    return cached.client;
  };

  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const client = await clientFor();
      const statusCallback = options.statusCallbackUrl?.(message);
      const providerMessageIds: string[] = [];
      for (const body of splitMessage(message.text, TWILIO_BODY_LIMIT)) {
        const sent = await client.messages.create({
          from: message.from,
          to: message.to,
          body,
          ...(statusCallback ? { statusCallback } : {}),
        });
        providerMessageIds.push(sent.sid);
      }
      return { providerMessageIds };
    },
  };
};
