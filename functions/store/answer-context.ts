import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, Table } from './client.js';
import { type ConversationState, conversationStateOf } from './conversations.js';
import { keys } from './keys.js';
import { writeInBatches } from './pages.js';
import { type TenantProfile, tenantProfileOf } from './tenants.js';
import { type UsageTotals, usageTotalsOf } from './usage.js';

/**
 * What answering a customer reads before it answers, in one `BatchGetItem` instead of three
 * `GetItem`s: the business's profile (with its answer fields), the conversation's state and the
 * month's usage (the plan's limits). Same consistency as the single reads (eventual).
 */
export interface AnswerContext {
  tenant: TenantProfile;
  state: ConversationState;
  monthUsage: UsageTotals;
}

/** Attempts at the keys or items DynamoDB leaves unprocessed (throttling), with a short backoff. */
const BATCH_ATTEMPTS = 5;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));

/** The context of one message, or `undefined` when the business does not exist. */
export const readAnswerContext = async (
  table: Table,
  input: { tenantId: string; customer: string; month: string },
): Promise<AnswerContext | undefined> => {
  const wanted = [
    keys.tenantProfile(input.tenantId),
    keys.conversationState(input.tenantId, input.customer),
    keys.usageMonth(input.tenantId, input.month),
  ];
  const found = new Map<string, Item>();
  let pending: Record<string, unknown>[] = wanted.map((key) => ({ ...key }));
  for (let attempt = 1; pending.length; attempt++) {
    const { Responses, UnprocessedKeys } = await table.client.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending } } }),
    );
    for (const item of Responses?.[table.name] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = UnprocessedKeys?.[table.name]?.Keys ?? [];
    if (pending.length && attempt >= BATCH_ATTEMPTS)
      throw new Error(
        `DynamoDB left ${pending.length} of an answer's reads unprocessed; the message is retried`,
      );
    if (pending.length) await backoff(attempt);
  }
  const [profile, state, usage] = wanted.map((key) => found.get(`${key.pk}|${key.sk}`));
  if (!profile) return undefined;
  return {
    tenant: tenantProfileOf(profile),
    state: conversationStateOf(state),
    monthUsage: usageTotalsOf(usage),
  };
};

/**
 * Puts an answer's items (its customer turn, assistant turn and the conversation's state) in one
 * `BatchWriteItem`: plain puts of distinct items, none conditional, so each lands as a `PutItem`
 * would, and a retry rewrites the same items.
 */
export const putItems = (table: Table, items: Record<string, unknown>[]): Promise<void> =>
  writeInBatches(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
