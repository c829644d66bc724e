import type { InboundMessage } from '../contracts/messages.js';
import type { Table } from '../store/client.js';
import { recordCustomerMessage, type WindowAddress } from '../store/messaging-window.js';
import type { Reply } from './conversation-deps.js';

/**
 * The customer's 24-hour window (WhatsApp, Messenger, Instagram; WhatsApp through Twilio too).
 * The webhooks do not know the business (the worker resolves it), and a message on a shared
 * number only finds its business here, so the window is recorded here, for every business the
 * message was handled for (the routed one, or the one each reply speaks for), from when the
 * customer sent it where the provider says (Meta), else from its arrival. An answer records it
 * in its own batch (`windowNoted` on its reply); this skips the business it was recorded for.
 */
export const noteMessagingWindow = async (
  table: Table,
  message: InboundMessage,
  replies: readonly Reply[],
): Promise<void> => {
  const noted = new Set(replies.filter((r) => r.windowNoted).map((r) => r.tenantId));
  const tenants = new Set(
    [message.tenantId, ...replies.map((r) => r.tenantId)].filter(
      (id): id is string => Boolean(id) && !noted.has(id),
    ),
  );
  await Promise.all(
    [...tenants].map((tenantId) => {
      const address = windowAddressOf(message, tenantId);
      return address && recordCustomerMessage(table, address, windowTimeOf(message), message.profileName);
    }),
  );
};

/** The window a message opens for one business, or `undefined` when it opens none (SMS, calls, owners). */
export const windowAddressOf = (message: InboundMessage, tenantId: string): WindowAddress | undefined => {
  if (message.provider === 'twilio' && message.channel !== 'whatsapp') return undefined;
  if (message.channel === 'voice' || message.fromOwner || message.platformNotice) return undefined;
  return { tenantId, customer: message.from, channel: message.channel, businessAddress: message.to };
};

/** When the customer sent it, where the provider says (Meta); else when it arrived. */
export const windowTimeOf = (message: InboundMessage): Date => new Date(message.sentAt ?? message.receivedAt);
