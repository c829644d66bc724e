import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type InboundMessage, phoneOf } from '../contracts/messages.js';
import { logger, metrics } from '../platform/observability.js';
import { resolveTenantByAddress } from '../store/channel-routes.js';
import type { Table } from '../store/client.js';

/**
 * The business a webhook-queued message is for, found by its receiving address: the webhooks
 * leave this read to the worker (`routeInWorker`), so a webhook makes one table call. A Twilio
 * number routed to no business is a shared number (the customer picks the business); a Meta id
 * routed to none is acknowledged and dropped, as the Meta webhook did before (`undefined`).
 */
export const routeInbound = async (
  table: Table,
  message: InboundMessage,
): Promise<InboundMessage | undefined> => {
  if (!message.routeInWorker || message.tenantId) return message;
  const address = message.provider === 'twilio' ? phoneOf(message.to) : message.to;
  const channel = message.provider === 'twilio' ? 'twilio' : message.channel;
  const tenantId = await resolveTenantByAddress(table, channel, address);
  if (tenantId) {
    logger.appendKeys({ tenantId });
    return { ...message, tenantId };
  }
  if (message.provider === 'twilio') return message;
  metrics.addMetric('UnroutedMessage', MetricUnit.Count, 1);
  logger.warn('Meta message for a receiving id routed to no tenant; dropped', {
    channel: message.channel,
    address: message.to,
  });
  return undefined;
};
