/**
 * What a function may do to the table: per DynamoDB action, the partition key prefixes it may
 * touch (as `functions/store/keys.ts` writes them). The CDK grant turns this into IAM statements
 * with `dynamodb:LeadingKeys` conditions; the table-access test replays the handlers against it.
 * Free of aws-cdk-lib, so tests load it in milliseconds.
 */

/** The item-level actions Frontdesk's store code sends; Scan is never among them. */
export const TABLE_ACTIONS = [
  'GetItem',
  'BatchGetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'BatchWriteItem',
] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

/**
 * The first segment of every partition key in `keys.ts`. Every tenant item (and every gsi1
 * partition) starts with `TENANT#`; the others are lookups that lead to a tenant.
 */
export const PARTITION_PREFIXES = [
  'TENANT#',
  'CODE#',
  'OWNER#',
  'ROUTE#',
  'SESSION#',
  'ARRIVAL#',
  'APIKEY#',
  'IDEMP#',
  'ALERTCONFIRM#',
  'WSCONN#',
  'PLATFORM#',
] as const;
export type PartitionPrefix = (typeof PARTITION_PREFIXES)[number];

export type TableAccess = Partial<Record<TableAction, readonly PartitionPrefix[]>>;

/** The IAM `StringLike` patterns of `dynamodb:LeadingKeys` for a list of prefixes. */
export const leadingKeyPatterns = (prefixes: readonly PartitionPrefix[]): string[] =>
  prefixes.map((prefix) => `${prefix}*`);

/**
 * Whether `access` lets `action` touch partition `partitionKey`: the same decision IAM makes
 * with `ForAllValues:StringLike` on `dynamodb:LeadingKeys` for these patterns.
 */
export const allowsTableAccess = (access: TableAccess, action: string, partitionKey: string): boolean =>
  (access[action as TableAction] ?? []).some((prefix) => partitionKey.startsWith(prefix));

/**
 * Actions sharing the same prefixes, so each function's policy stays a few statements long.
 *
 * @example
 * groupByPrefixes({ GetItem: ['IDEMP#'], UpdateItem: ['IDEMP#'], PutItem: ['LATEST#'] })
 * // -> [{ actions: ['GetItem', 'UpdateItem'], prefixes: ['IDEMP#'] }, { actions: ['PutItem'], prefixes: ['LATEST#'] }]
 */
export const groupByPrefixes = (
  access: TableAccess,
): { actions: TableAction[]; prefixes: PartitionPrefix[] }[] => {
  const groups = new Map<string, { actions: TableAction[]; prefixes: PartitionPrefix[] }>();
  for (const action of TABLE_ACTIONS) {
    const prefixes = [...new Set(access[action] ?? [])].sort();
    if (prefixes.length === 0) continue;
    const id = prefixes.join(',');
    const group = groups.get(id) ?? { actions: [], prefixes };
    group.actions.push(action);
    groups.set(id, group);
  }
  return [...groups.values()];
};
