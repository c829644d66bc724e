import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableOptions {
  region: string;
  /** A local endpoint (dynalite); absent in Lambda. */
  endpoint?: string;
  credentials?: DynamoDBClientConfig['credentials'];
}

/** The table handle that repositories receive: a document client and the table's name. */
export interface Table {
  client: DynamoDBDocumentClient;
  name: string;
}

export const createTable = (name: string, options: TableOptions): Table => ({
  name,
  client: DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      // The SDK's own retry with backoff covers throttling; more attempts than the default 3.
      maxAttempts: 5,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  ),
});

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Epoch seconds `days` from now, for the TTL attribute. */
export const expiresInDays = (days: number, now = Date.now()): number =>
  Math.floor(now / 1000) + days * 86_400;

/** A raw item as the document client returns it, before a repository maps it to a type. */
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB items are untyped until a repository maps them.
export type Item = Record<string, any>;
