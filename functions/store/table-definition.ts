/**
 * The one definition of the single DynamoDB table. The CDK table construct and the local stack
 * (dynalite) both build the table from this, so keys, indexes and TTL never drift apart.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  timeToLiveAttribute: 'expiresAt',
} as const;

export type GsiName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];
