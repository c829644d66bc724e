import type { InboundMessage } from '../contracts/messages.js';
import type { Table } from '../store/client.js';
import { recordCustomerMessage } from '../store/messaging-window.js';
import type { Reply } from './conversation-deps.js';

/**
 * WhatsApp through Twilio has the same 24-hour window as the Cloud API. The Meta webhook records
 * it on arrival; a Twilio message on the shared number only finds its business in the answer
 * worker, so the window is recorded here, for every business the message was handled for (the
 * routed one, or the one each reply speaks for).
 */
export const noteTwilioWhatsAppWindow = async (
  table: Table,
  message: InboundMessage,
  replies: readonly Reply[],
): Promise<void> => {
  if (message.provider !== 'twilio' || message.channel !== 'whatsapp') return;
  if (message.fromOwner || message.platformNotice) return;
  const tenants = new Set(
    [message.tenantId, ...replies.map((r) => r.tenantId)].filter((id): id is string => Boolean(id)),
  );
  await Promise.all(
    [...tenants].map((tenantId) =>
      recordCustomerMessage(
        table,
        { tenantId, customer: message.from, channel: 'whatsapp', businessAddress: message.to },
        new Date(message.receivedAt),
        message.profileName,
      ),
    ),
  );
};
