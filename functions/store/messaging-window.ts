import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * The customer-service window of Meta's channels: a business may send free-form messages only
 * within 24 hours of the customer's last message to that business address. One item per
 * (tenant, customer, channel, business address), kept apart from the conversation state so no
 * other write can reset it.
 */
export interface WindowAddress {
  tenantId: string;
  customer: string;
  channel: string;
  businessAddress: string;
}

/** The window only needs a day; a week of margin keeps late retries decidable. */
const WINDOW_TTL_DAYS = 7;

/**
 * Records an inbound message, and the name the customer goes by on the channel (WhatsApp's
 * profile name), so the business can see who wrote. An older, late-delivered message never
 * moves the time back.
 */
export const recordCustomerMessage = async (
  table: Table,
  address: WindowAddress,
  at: Date,
  profileName?: string,
): Promise<void> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.messagingWindow(
          address.tenantId,
          address.customer,
          address.channel,
          address.businessAddress,
        ),
        UpdateExpression: `SET lastInboundAt = :at, expiresAt = :exp${profileName ? ', profileName = :name' : ''}`,
        ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :at',
        ExpressionAttributeValues: {
          ':at': at.toISOString(),
          ':exp': expiresInDays(WINDOW_TTL_DAYS),
          ...(profileName ? { ':name': profileName.slice(0, 200) } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
};

/** What a window item holds (absent: the customer never wrote to this address). */
export interface CustomerWindow {
  lastInboundAt: Date;
  profileName?: string;
}

/** A window item as read elsewhere (an answer's batch, `store/answer-context.ts`). */
export const customerWindowOf = (item: Record<string, unknown> | undefined): CustomerWindow | undefined => {
  if (typeof item?.lastInboundAt !== 'string') return undefined;
  return {
    lastInboundAt: new Date(item.lastInboundAt),
    ...(typeof item.profileName === 'string' ? { profileName: item.profileName } : {}),
  };
};

/**
 * The window item after an inbound message, for a caller that read the item (strongly
 * consistent) and puts it in a batch with its other writes: what `recordCustomerMessage` would
 * leave, or `undefined` when it would change nothing (a message no newer than the one recorded).
 * Only for a writer that no other write to this item can interleave with: the answer worker,
 * which handles one message of a receiving address and customer at a time (the answer queue's
 * FIFO group), and so of this item, since the item is keyed by that address and customer.
 */
export const windowItemAfter = (
  address: WindowAddress,
  previous: CustomerWindow | undefined,
  at: Date,
  profileName?: string,
): Record<string, unknown> | undefined => {
  if (previous && previous.lastInboundAt.getTime() >= at.getTime()) return undefined;
  const name = profileName?.slice(0, 200) ?? previous?.profileName;
  return {
    ...keys.messagingWindow(address.tenantId, address.customer, address.channel, address.businessAddress),
    lastInboundAt: at.toISOString(),
    expiresAt: expiresInDays(WINDOW_TTL_DAYS),
    ...(name ? { profileName: name } : {}),
  };
};

export const lastCustomerMessageAt = async (
  table: Table,
  address: WindowAddress,
): Promise<Date | undefined> => (await customerWindow(table, address))?.lastInboundAt;

/** When the customer last wrote to this address, and the name they go by there. */
export const customerWindow = async (
  table: Table,
  address: WindowAddress,
): Promise<CustomerWindow | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.messagingWindow(address.tenantId, address.customer, address.channel, address.businessAddress),
    }),
  );
  return customerWindowOf(Item);
};
