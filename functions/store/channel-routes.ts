import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RouteChannel } from '../contracts/admin/requests.js';
import { isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pages.js';

export interface ChannelRoute {
  /** Written only by the admin API's claim and assign routes, which parse it. */
  channel: RouteChannel;
  address: string;
  tenantId: string;
  createdAt: string;
}

const MAX_PAGES = 20;

/**
 * A tenant's receiving addresses, through gsi1 (each route item carries its tenant's index key).
 * The index is eventually consistent: a route added a moment ago may show a moment later.
 */
export const listChannelRoutes = async (table: Table, tenantId: string): Promise<ChannelRoute[]> => {
  const { gsi1pk } = keys.tenantChannelRoutes(tenantId);
  const items = await queryAll(
    table,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
    },
    { maxPages: MAX_PAGES },
  );
  return items.map(({ channel, address, createdAt }) => ({ channel, address, tenantId, createdAt }));
};

/** The tenant that owns a receiving address (a dedicated number, page or account), if any. */
export const resolveTenantByAddress = async (
  table: Table,
  channel: string,
  address: string,
): Promise<string | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.channelRoute(channel, address) }),
  );
  return Item?.tenantId as string | undefined;
};

export class AddressTakenError extends Error {
  override name = 'AddressTakenError';
}

/** Routes a receiving address to a tenant; one address belongs to one tenant. */
export const putChannelRoute = async (
  table: Table,
  route: { channel: string; address: string; tenantId: string },
): Promise<void> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.channelRoute(route.channel, route.address),
          ...keys.channelRouteIndex(route.tenantId, route.channel, route.address),
          ...route,
          createdAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenantId',
        ExpressionAttributeValues: { ':tenantId': route.tenantId },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      throw new AddressTakenError(`${route.channel} address ${route.address} belongs to another business`, {
        cause: error,
      });
    }
    throw error;
  }
};

export const deleteChannelRoute = async (
  table: Table,
  route: { channel: string; address: string; tenantId: string },
) => {
  try {
    await table.client.send(
      new DeleteCommand({
        TableName: table.name,
        Key: keys.channelRoute(route.channel, route.address),
        ConditionExpression: 'tenantId = :tenantId',
        ExpressionAttributeValues: { ':tenantId': route.tenantId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
