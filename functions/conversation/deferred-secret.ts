import type { InboundMessage } from '../contracts/messages.js';
import { mintApiKeyWithId, revokeApiKeyById } from '../store/api-keys.js';
import type { Table } from '../store/client.js';
import type { TenantProfile } from '../store/tenants.js';
import type { Reply } from './conversation-deps.js';
import { replies } from './replies.js';
import { replyClaimKey } from './reply-claim.js';

const CHAT_KEY_LABEL = 'sent by chat (!key)';

/** The key id of a `!key` message: the same on every retry of that message, and no other. */
export const keyIdForMessage = (message: Pick<InboundMessage, 'provider' | 'providerMessageId'>): string =>
  `msg_${replyClaimKey(message).slice(0, 24)}`;

/** The `!key` reply, as it is saved: the business name and the key's id, no key. */
export const apiKeyReply = (tenant: TenantProfile, message: InboundMessage): Reply => ({
  text: replies.apiKeyToMint(tenant.name),
  tenantId: tenant.tenantId,
  deferredSecret: {
    kind: 'api-key',
    tenantId: tenant.tenantId,
    keyId: keyIdForMessage(message),
    businessName: tenant.name,
  },
});

/**
 * The reply as it goes out: a deferred key is minted now, revoking whatever key an earlier
 * attempt at this reply minted (it may or may not have reached the owner; if it did, it no
 * longer works, and the working key is in the message sent now). Other replies pass unchanged.
 */
export const revealDeferredSecret = async (reply: Reply, table: Table): Promise<Reply> => {
  const secret = reply.deferredSecret;
  if (!secret) return reply;
  const minted = await mintApiKeyWithId(table, {
    tenantId: secret.tenantId,
    keyId: secret.keyId,
    label: CHAT_KEY_LABEL,
  });
  const { deferredSecret: _saved, ...rest } = reply;
  return { ...rest, text: replies.apiKey(secret.businessName, minted.apiKey, secret.keyId) };
};

/** After a failed send: the key it carried is revoked, so a message given up on leaves no live key. */
export const withdrawDeferredSecret = async (reply: Reply, table: Table): Promise<void> => {
  if (reply.deferredSecret)
    await revokeApiKeyById(table, reply.deferredSecret.tenantId, reply.deferredSecret.keyId);
};
