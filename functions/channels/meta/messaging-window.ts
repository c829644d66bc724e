import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChannelSender, OutboundMessage } from '../../contracts/messages.js';
import { newId } from '../../platform/ids.js';
import { logger, metrics } from '../../platform/observability.js';
import type { Table } from '../../store/client.js';
import { recordDeliveryStatus } from '../../store/deliveries.js';
import { lastCustomerMessageAt } from '../../store/messaging-window.js';
import { isMetaSendChannel } from './limits.js';
import { MessageNotSentError } from './sender.js';

/** Meta's customer-service window: free-form replies only within 24 hours of the customer's message. */
export const MESSAGING_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Reasons recorded on an unsent reply's delivery item. */
export const OUTSIDE_WINDOW = 'outside-24h-window';

/** Whether a message on this provider and channel is bound by WhatsApp's or Meta's 24-hour window. */
export const windowApplies = (
  provider: OutboundMessage['provider'],
  channel: OutboundMessage['channel'],
): boolean =>
  provider === 'meta' ? isMetaSendChannel(channel) : provider === 'twilio' && channel === 'whatsapp';

/**
 * Wraps a Meta sender (the Graph API, or the local outbox), or a Twilio one for its WhatsApp
 * messages, with the 24-hour rule: outside the window no free-text attempt is made at all; an
 * approved template (`message.template`) may go out at any time. Every reply that is not sent, by this rule or
 * because Meta refused it for good, is recorded as a failed delivery with its reason, and the
 * send resolves, because a retry from the queue could not change the outcome.
 */
export const withMessagingWindow = (
  inner: ChannelSender,
  deps: { table: Table; now?: () => number; provider?: 'meta' | 'twilio' },
): ChannelSender => {
  const now = deps.now ?? Date.now;
  const provider = deps.provider ?? 'meta';

  const recordUnsent = async (message: OutboundMessage, reason: string) => {
    metrics.addMetric('MessageNotSent', MetricUnit.Count, 1);
    logger.warn('reply not sent', { tenantId: message.tenantId, channel: message.channel, reason });
    if (!message.tenantId) return;
    await recordDeliveryStatus(deps.table, {
      tenantId: message.tenantId,
      provider,
      providerMessageId: `unsent-${newId()}`,
      status: 'failed',
      errorCode: reason,
      to: message.to,
    });
  };

  return {
    async send(message) {
      if (windowApplies(provider, message.channel) && message.tenantId && !message.template) {
        const last = await lastCustomerMessageAt(deps.table, {
          tenantId: message.tenantId,
          customer: message.to,
          channel: message.channel,
          businessAddress: message.from,
        });
        if (!last || now() - last.getTime() > MESSAGING_WINDOW_MS) {
          await recordUnsent(message, OUTSIDE_WINDOW);
          return { providerMessageIds: [] };
        }
      }
      try {
        return await inner.send(message);
      } catch (error) {
        if (!(error instanceof MessageNotSentError)) throw error;
        await recordUnsent(message, error.reason);
        return { providerMessageIds: error.sentIds };
      }
    },
  };
};
