import type { InboundMessage } from '../contracts/messages.js';
import { phoneOf } from '../contracts/messages.js';
import { sha256Hex } from '../platform/ids.js';
import { logger } from '../platform/observability.js';
import { appendAudit } from '../store/audit.js';
import type { Table } from '../store/client.js';
import { conversationIdOf } from '../store/conversations.js';

/** Audit entries are kept this long when the caller does not say (the stage default). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/**
 * Puts an owner's chat command on the business's record: who (the owner's number), what, on
 * which object, from which channel and address, and the inbound message id as the request id.
 * The id comes from the message, so a redelivered message records the command once.
 */
export const auditOwnerCommand = async (
  deps: { table: Table; auditRetentionDays?: number },
  m: InboundMessage,
  entry: {
    tenantId: string;
    command: string;
    target?: string;
    detail?: Record<string, string | number | boolean>;
  },
): Promise<void> => {
  try {
    await appendAudit(
      deps.table,
      {
        auditId: sha256Hex(`${m.provider}:${m.providerMessageId}:${entry.command}`).slice(0, 24),
        at: m.receivedAt,
        tenantId: entry.tenantId,
        actor: { kind: 'phone', id: phoneOf(m.from), role: 'owner' },
        action: `chat !${entry.command}`,
        target: entry.target,
        via: { channel: m.channel, address: m.from },
        requestId: m.providerMessageId,
        detail: entry.detail,
      },
      deps.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    );
  } catch (error) {
    // The command is done; a missing entry is logged for the operator rather than undoing it.
    logger.error('could not write the audit entry of an owner command', { error, command: entry.command });
  }
};

/** A customer named in a command, as the trail names them: their conversation id, never the number. */
export const conversationTarget = (customer: string): string => `conversation/${conversationIdOf(customer)}`;
