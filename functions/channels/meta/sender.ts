import type { ChannelSender, OutboundMessage, SendResult, TemplateSend } from '../../contracts/messages.js';
import { ConfigurationError, FrontdeskError } from '../../platform/errors.js';
import { sha256Hex } from '../../platform/ids.js';
import type { SentParts } from '../../store/sent-parts.js';
import { GraphApiError, type GraphClient } from './graph-client.js';
import { isMetaSendChannel, type MetaSendChannel, splitForMetaChannel } from './limits.js';

/**
 * The reply was refused for good (window closed, recipient rejected): retrying cannot help.
 * `sentIds` are the parts that went out before the refusal.
 */
export class MessageNotSentError extends FrontdeskError {
  constructor(
    message: string,
    readonly reason: string,
    readonly sentIds: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface MetaGraphSenderOptions {
  graph: GraphClient;
  /** The token to send this message with: its address's own, or the platform's for its own addresses. */
  accessToken: (message: OutboundMessage) => Promise<string | undefined>;
  /** Parts already delivered by an earlier attempt at the same reply, skipped on a retry. */
  sentParts?: SentParts;
}

/** One part of the reply to one inbound message; alerts (no `inReplyTo`) are not tracked. */
const partKey = (message: OutboundMessage, index: number, text: string): string | undefined =>
  message.inReplyTo
    ? `${message.channel}|${message.from}|${message.to}|${message.inReplyTo}|${index}|${sha256Hex(text)}`
    : undefined;

/**
 * The Graph node that sends: the WhatsApp phone number id or the page. An Instagram account
 * linked to a page sends as that page, through `me` (the page of the page token), since the
 * webhook names the Instagram account id, not the page id.
 */
const senderNode = (channel: MetaSendChannel, from: string): string =>
  channel === 'instagram' ? 'me' : from;

/** The Send API body per channel. */
const bodyFor = (channel: MetaSendChannel, to: string, text: string): Record<string, unknown> => {
  if (channel === 'whatsapp') {
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      // A phone number goes in `to`; a business-scoped user id (no number shared) in `recipient`.
      ...(to.startsWith('+') ? { to: to.slice(1) } : { recipient: to }),
      type: 'text',
      text: { preview_url: false, body: text },
    };
  }
  if (channel === 'messenger')
    return { recipient: { id: to }, messaging_type: 'RESPONSE', message: { text } };
  return { recipient: { id: to }, message: { text } };
};

/** A WhatsApp template message: the approved text with the parameters filled in, sent in one part. */
const templateBodyFor = (to: string, template: TemplateSend): Record<string, unknown> => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  ...(to.startsWith('+') ? { to: to.slice(1) } : { recipient: to }),
  type: 'template',
  template: {
    name: template.name,
    language: { policy: 'deterministic', code: template.language },
    components: template.parameters.length
      ? [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }]
      : [],
  },
});

/**
 * Sends WhatsApp Cloud API, Messenger and Instagram replies through the Graph API, one request
 * per part of a long reply (split at sentence boundaries within each channel's limit). Refusals
 * that a retry cannot fix become `MessageNotSentError`; everything else is thrown for the queue
 * to retry.
 */
export const createMetaGraphSender = (options: MetaGraphSenderOptions): ChannelSender => ({
  async send(message: OutboundMessage): Promise<SendResult> {
    const { channel } = message;
    if (!isMetaSendChannel(channel)) throw new FrontdeskError(`Meta cannot send on the ${channel} channel`);
    const token = await options.accessToken(message);
    if (!token) {
      throw new ConfigurationError(
        `No Meta access token for ${message.channel} address ${message.from}: set the platform's META_ACCESS_TOKEN`,
      );
    }
    const providerMessageIds: string[] = [];
    if (message.template && channel !== 'whatsapp')
      throw new FrontdeskError(`Message templates are a WhatsApp feature, not ${channel}'s`);
    const parts = message.template ? [message.text] : splitForMetaChannel(message);
    for (const [index, text] of parts.entries()) {
      const key = options.sentParts && partKey(message, index, text);
      const earlier = key && (await options.sentParts?.sentId(key));
      if (earlier) {
        providerMessageIds.push(earlier);
        continue;
      }
      try {
        const id = await options.graph.sendMessage(
          senderNode(channel, message.from),
          token,
          message.template
            ? templateBodyFor(message.to, message.template)
            : bodyFor(channel, message.to, text),
        );
        providerMessageIds.push(id);
        if (key) await options.sentParts?.record(key, id);
      } catch (error) {
        if (error instanceof GraphApiError && (error.kind === 'window-closed' || error.kind === 'rejected')) {
          const reason =
            error.kind === 'window-closed'
              ? 'outside-24h-window'
              : `rejected-${error.details.code ?? error.details.httpStatus ?? 'unknown'}`;
          throw new MessageNotSentError(error.message, reason, providerMessageIds, { cause: error });
        }
        throw error;
      }
    }
    return { providerMessageIds };
  },
});
