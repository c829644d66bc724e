import type { InboundMessage } from '../contracts/messages.js';
import type { Table } from '../store/client.js';
import { recordCustomerMessage } from '../store/messaging-window.js';
import type { Reply } from './conversation-deps.js';

/**
 * The customer's 24-hour window (WhatsApp, Messenger, Instagram; WhatsApp through Twilio too).
 * The webhooks do not know the business (the worker resolves it), and a message on a shared
 * number only finds its business here, so the window is recorded here, for every business the
 * message was handled for (the routed one, or the one each reply speaks for), from when the
 * customer sent it where the provider says (Meta), else from its arrival.
 */
export const noteMessagingWindow = async (
  table: Table,
  message: InboundMessage,
  replies: readonly Reply[],
): Promise<void> => {
  if (message.provider === 'twilio' && message.channel !== 'whatsapp') return;
  if (message.channel === 'voice' || message.fromOwner || message.platformNotice) return;
  const tenants = new Set(
    [message.tenantId, ...replies.map((r) => r.tenantId)].filter((id): id is string => Boolean(id)),
  );
  await Promise.all(
    [...tenants].map((tenantId) =>
      recordCustomerMessage(
        table,
        { tenantId, customer: message.from, channel: message.channel, businessAddress: message.to },
        new Date(message.sentAt ?? message.receivedAt),
        message.profileName,
      ),
    ),
  );
};
