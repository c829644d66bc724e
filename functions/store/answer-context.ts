import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, Table } from './client.js';
import { type ConversationState, conversationStateOf } from './conversations.js';
import { type ItemKey, keys } from './keys.js';
import { type KnowledgeChanges, knowledgeChangesOf } from './knowledge-changes.js';
import { type CustomerWindow, customerWindowOf, type WindowAddress } from './messaging-window.js';
import { writeInBatches } from './pages.js';
import { type BusinessProfile, tenantProfileOf } from './tenants.js';
import { type UsageTotals, usageTotalsOf } from './usage.js';

/**
 * What answering a customer reads before it answers, in one `BatchGetItem` instead of one call
 * each: the business's profile (with its answer fields), the conversation's state, the month's
 * usage (the plan's limits) and, when asked, the tenant's knowledge changes (what the embedded
 * index reads before a search), the customer's 24-hour window on this address (so the answer
 * can put it with its turns) and the receiving address's route (to confirm a route the worker
 * remembered, `conversation/route-hints.ts`). Strongly consistent, as the knowledge changes
 * and the route check need; the other items were read eventually consistent before, and a
 * fresher read only makes them more exact.
 */
export interface AnswerContext {
  tenant: BusinessProfile;
  state: ConversationState;
  monthUsage: UsageTotals;
  /** Present when asked for (`knowledge`). */
  knowledgeChanges?: KnowledgeChanges;
  /** Present when asked for (`window`): the item as it is, `previous` undefined when there is none. */
  window?: { address: WindowAddress; previous?: CustomerWindow };
}

/** The route of the receiving address as read in the batch: the tenant it names, or none. */
export interface RouteRead {
  tenantId?: string;
}

/** Attempts at the keys or items DynamoDB leaves unprocessed (throttling), with a short backoff. */
const BATCH_ATTEMPTS = 5;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));

/**
 * The context of one message (`undefined` when the business does not exist) and, when a route
 * was asked for, the route as it is now.
 */
export const readAnswerContext = async (
  table: Table,
  input: {
    tenantId: string;
    customer: string;
    month: string;
    knowledge?: boolean;
    window?: WindowAddress;
    route?: { channel: string; address: string };
  },
): Promise<{ context?: AnswerContext; route?: RouteRead }> => {
  const named = {
    profile: keys.tenantProfile(input.tenantId),
    state: keys.conversationState(input.tenantId, input.customer),
    usage: keys.usageMonth(input.tenantId, input.month),
    ...(input.knowledge ? { knowledge: keys.knowledgeChanges(input.tenantId) } : {}),
    ...(input.window
      ? {
          window: keys.messagingWindow(
            input.window.tenantId,
            input.window.customer,
            input.window.channel,
            input.window.businessAddress,
          ),
        }
      : {}),
    ...(input.route ? { route: keys.channelRoute(input.route.channel, input.route.address) } : {}),
  };
  const found = await batchGet(table, Object.values(named));
  const item = (name: keyof typeof named) => {
    const key = named[name];
    return key && found.get(`${key.pk}|${key.sk}`);
  };
  const route = input.route ? { tenantId: item('route')?.tenantId as string | undefined } : undefined;
  const profile = item('profile');
  if (!profile) return { route };
  return {
    route,
    context: {
      tenant: tenantProfileOf(profile),
      state: conversationStateOf(item('state')),
      monthUsage: usageTotalsOf(item('usage')),
      ...(input.knowledge ? { knowledgeChanges: knowledgeChangesOf(item('knowledge')) } : {}),
      ...(input.window
        ? { window: { address: input.window, previous: customerWindowOf(item('window')) } }
        : {}),
    },
  };
};

/** Items by `pk|sk`, strongly consistent; unprocessed keys are read again. */
const batchGet = async (table: Table, wanted: ItemKey[]): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  let pending: Record<string, unknown>[] = wanted.map((key) => ({ ...key }));
  for (let attempt = 1; pending.length; attempt++) {
    const { Responses, UnprocessedKeys } = await table.client.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of Responses?.[table.name] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = UnprocessedKeys?.[table.name]?.Keys ?? [];
    if (pending.length && attempt >= BATCH_ATTEMPTS)
      throw new Error(
        `DynamoDB left ${pending.length} of an answer's reads unprocessed; the message is retried`,
      );
    if (pending.length) await backoff(attempt);
  }
  return found;
};

/**
 * Puts an answer's items (its customer turn, assistant turn, the conversation's state and the
 * customer's 24-hour window) in one
 * `BatchWriteItem`: plain puts of distinct items, none conditional, so each lands as a `PutItem`
 * would, and a retry rewrites the same items.
 */
export const putItems = (table: Table, items: Record<string, unknown>[]): Promise<void> =>
  writeInBatches(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
