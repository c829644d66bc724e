import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../platform/ids.js';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * Which parts of a long reply already went out. The answer worker records each reply once it
 * is sent, but a reply sent in several parts can fail half-way (a rate limit on part two); on
 * the retry, the parts already delivered are skipped instead of sent again.
 */
export interface SentParts {
  /** The provider's id for this part, if an earlier attempt sent it. */
  sentId(partKey: string): Promise<string | undefined>;
  record(partKey: string, providerMessageId: string): Promise<void>;
}

/** As long as the worker's own records of a message live. */
const SENT_PART_DAYS = 7;
const SCOPE = 'sent-part';

export const createSentParts = (table: Table): SentParts => ({
  async sentId(partKey) {
    const { Item } = await table.client.send(
      new GetCommand({
        TableName: table.name,
        Key: keys.idempotency(SCOPE, sha256Hex(partKey)),
        ConsistentRead: true,
      }),
    );
    return Item?.providerMessageId as string | undefined;
  },
  async record(partKey, providerMessageId) {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.idempotency(SCOPE, sha256Hex(partKey)),
          providerMessageId,
          expiresAt: expiresInDays(SENT_PART_DAYS),
        },
      }),
    );
  },
});
