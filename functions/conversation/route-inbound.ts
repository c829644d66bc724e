import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type InboundMessage, phoneOf } from '../contracts/messages.js';
import { logger, metrics } from '../platform/observability.js';
import { resolveTenantByAddress } from '../store/channel-routes.js';
import type { Table } from '../store/client.js';
import { type RouteAddress, type RouteHints, RouteMovedError } from './route-hints.js';

/** A message with its business, and the route it was given from memory, still to confirm. */
export interface RoutedMessage {
  message: InboundMessage;
  /** Set when the business came from `RouteHints`: confirm it before using it. */
  unconfirmed?: RouteAddress;
}

/** The route a webhook-queued message is looked up by: its receiving address on its channel. */
export const routeAddressOf = (message: InboundMessage): RouteAddress => ({
  channel: message.provider === 'twilio' ? 'twilio' : message.channel,
  address: message.provider === 'twilio' ? phoneOf(message.to) : message.to,
});

/**
 * The business a webhook-queued message is for, found by its receiving address: the webhooks
 * leave this read to the worker (`routeInWorker`), so a webhook makes one table call. A Twilio
 * number routed to no business is a shared number (the customer picks the business); a Meta id
 * routed to none is acknowledged and dropped, as the Meta webhook did before (`undefined`).
 * With `hints`, a warm worker takes an address's business from memory, unconfirmed
 * (`conversation/route-hints.ts`), and reads the route only for an address it does not know.
 */
export const routeInbound = async (
  table: Table,
  message: InboundMessage,
  hints?: RouteHints,
): Promise<RoutedMessage | undefined> => {
  if (!message.routeInWorker || message.tenantId) return { message };
  const route = routeAddressOf(message);
  const remembered = hints?.get(route);
  if (remembered) return { message: withTenant(message, remembered), unconfirmed: route };
  const tenantId = await resolveTenantByAddress(table, route.channel, route.address);
  hints?.remember(route, tenantId);
  return routedTo(message, tenantId);
};

/** The message as routed to `tenantId` (none: a shared number, or a Meta id dropped). */
export const routedTo = (
  message: InboundMessage,
  tenantId: string | undefined,
): RoutedMessage | undefined => {
  if (tenantId) return { message: withTenant(message, tenantId) };
  if (message.provider === 'twilio') return { message };
  metrics.addMetric('UnroutedMessage', MetricUnit.Count, 1);
  logger.warn('Meta message for a receiving id routed to no tenant; dropped', {
    channel: message.channel,
    address: message.to,
  });
  return undefined;
};

/**
 * Reads the route of a message routed from memory; throws `RouteMovedError` when it no longer
 * names the message's business. For the paths that do not read it with the answer's batch.
 */
export const confirmRoute = async (
  table: Table,
  message: InboundMessage,
  route: RouteAddress,
): Promise<void> => {
  const tenantId = await resolveTenantByAddress(table, route.channel, route.address);
  if (tenantId !== message.tenantId) throw new RouteMovedError(tenantId);
};

const withTenant = (message: InboundMessage, tenantId: string): InboundMessage => {
  logger.appendKeys({ tenantId });
  return { ...message, tenantId };
};
