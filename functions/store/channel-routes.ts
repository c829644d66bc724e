import type { RouteChannel } from '../contracts/admin/requests.js';
import type { Table } from './client.js';
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
