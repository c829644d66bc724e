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

export const lastCustomerMessageAt = async (
  table: Table,
  address: WindowAddress,
): Promise<Date | undefined> => (await customerWindow(table, address))?.lastInboundAt;

/** When the customer last wrote to this address, and the name they go by there. */
export const customerWindow = async (
  table: Table,
  address: WindowAddress,
): Promise<{ lastInboundAt: Date; profileName?: string } | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.messagingWindow(address.tenantId, address.customer, address.channel, address.businessAddress),
    }),
  );
  if (typeof Item?.lastInboundAt !== 'string') return undefined;
  return {
    lastInboundAt: new Date(Item.lastInboundAt),
    ...(typeof Item.profileName === 'string' ? { profileName: Item.profileName } : {}),
  };
};
