import type { ChannelSender, OutboundMessage, SendResult } from '../../contracts/messages.js';
import { ConfigurationError, FrontdeskError } from '../../platform/errors.js';
import { layerModule } from '../../platform/layer-modules.js';
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
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type TwilioFactory = typeof import('twilio');
type TwilioClient = ReturnType<TwilioFactory>;

/**
 * twilio-node's REST client cannot be imported in part (even `twilio/lib/rest/Twilio.js` pulls
 * in every API): 3.4 MB. It lives in the vendor layer, out of every bundle, and is required on
 * the first send, so only a worker that sends through Twilio pays for it, once.
 */
const loadTwilio = layerModule<TwilioFactory>('twilio');

/**
 * Sends through Twilio's Messages API with the real twilio-node client, one request per part of
 * a long reply. The client is built once per process (per credentials) and retries 429s itself.
 */
export const createTwilioSender = (options: TwilioSenderOptions): ChannelSender => {
  let cached: { key: string; client: TwilioClient } | undefined;

  const clientFor = async (): Promise<TwilioClient> => {
    const credentials = await options.credentials();
    if (!credentials) {
      throw new ConfigurationError(
        'Twilio credentials are not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)',
      );
    }
    const key = `${credentials.accountSid}:${credentials.authToken}`;
    if (cached?.key !== key) {
      const twilio = loadTwilio();
      const client = twilio(credentials.accountSid, credentials.authToken, {
        autoRetry: true,
        maxRetries: 3,
      });
      if (options.apiBaseUrl) client.api.baseUrl = options.apiBaseUrl.replace(/\/+$/, '');
      cached = { key, client };
    }
    return cached.client;
  };

  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const client = await clientFor();
      const statusCallback = options.statusCallbackUrl?.(message);
      const providerMessageIds: string[] = [];
      const { template } = message;
      // An approved Content API template goes out whole, with ContentSid and its variables, no Body.
      const parts = template ? [message.text] : splitMessage(message.text, TWILIO_BODY_LIMIT);
      for (const body of parts) {
        try {
          const sent = await client.messages.create({
            from: message.from,
            to: message.to,
            ...(template?.contentSid
              ? { contentSid: template.contentSid, contentVariables: contentVariablesOf(template.parameters) }
              : { body }),
            ...(statusCallback ? { statusCallback } : {}),
          });
          providerMessageIds.push(sent.sid);
        } catch (error) {
          throw asTwilioApiError(error);
        }
      }
      return { providerMessageIds };
    },
  };
};

/** `{"1": "...", "2": "..."}`: Content API variables are numbered from 1, as a JSON string. */
const contentVariablesOf = (parameters: readonly string[]): string =>
  JSON.stringify(Object.fromEntries(parameters.map((value, i) => [String(i + 1), value])));

/** twilio-node's RestException carries `status` and `code`; keep both, and the cause. */
const asTwilioApiError = (error: unknown): unknown => {
  if (!(error instanceof Error) || typeof (error as { status?: unknown }).status !== 'number') return error;
  const { status, code } = error as Error & { status: number; code?: number };
  return new TwilioApiError(
    status,
    code,
    `Twilio refused the message (HTTP ${status}${code ? `, code ${code}` : ''}): ${error.message}`,
    { cause: error },
  );
};
