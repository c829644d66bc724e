import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { InboundMessage } from '../contracts/messages.js';
import { logger } from '../platform/observability.js';
import { conversationGroupOf, type MessageQueue } from '../queue/answer-queue.js';
import { expiresInDays, isConditionalCheckFailed, type Table } from '../store/client.js';
import type { ConversationTurn } from '../store/conversations.js';
import { keys } from '../store/keys.js';
import { wasAnswered } from './reply-claim.js';

/**
 * Bursts: "hi" / "I have a question" / "do you deliver?" sent within seconds get one reply.
 *
 * The answer queue is FIFO per conversation and the worker answers each message exactly once, so
 * a message cannot see the ones queued behind it. Instead the webhooks note, per conversation,
 * the newest message they queued (`recordLatestInbound`). The worker holds each message until
 * its burst window has passed since it arrived, then asks: did a later message come? If so, this
 * one is logged and completed without a reply, and the later message answers them together
 * (`burstQuestion` gathers the customer's turns since the last reply). Every message is still
 * processed exactly once; only the last of a burst speaks.
 */
export const takesPartInBursts = (message: InboundMessage): boolean =>
  !message.fromOwner &&
  message.channel !== 'voice' &&
  message.text.trim() !== '' &&
  !message.text.trim().startsWith('!');

/** Marks the message as its conversation's newest; an older message arriving late does not win. */
export const recordLatestInbound = async (table: Table, message: InboundMessage): Promise<void> => {
  if (!takesPartInBursts(message)) return;
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.latestInbound(conversationGroupOf(message)),
          provider: message.provider,
          providerMessageId: message.providerMessageId,
          receivedAt: message.receivedAt,
          expiresAt: expiresInDays(1),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR receivedAt <= :at',
        ExpressionAttributeValues: { ':at': message.receivedAt },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
};

/**
 * The answer queue, noting each message's arrival for burst detection after it is queued. The
 * note is best effort: without it a burst is answered message by message, never lost.
 */
export const withLatestInboundNotes = (queue: MessageQueue, table: Table): MessageQueue => ({
  async send(queued) {
    await queue.send(queued);
    try {
      await recordLatestInbound(table, JSON.parse(queued.body) as InboundMessage);
    } catch (error) {
      logger.warn('could not note the latest inbound message; bursts answer separately', { error });
    }
  },
});

/**
 * Waits until `windowMs` has passed since the message arrived (no wait once it has). Never longer
 * than the window: a clock that runs ahead must not hold a message for hours.
 */
export const waitOutBurstWindow = async (message: InboundMessage, windowMs: number): Promise<void> => {
  const remaining = Math.min(windowMs, Date.parse(message.receivedAt) + windowMs - Date.now());
  if (windowMs > 0 && remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
};

/**
 * True when a later message of the same conversation was queued and is still to be answered: that
 * one answers for both. A note naming a message already answered (notes can land out of order when
 * two webhooks race) never makes this one wait for nothing.
 */
export const laterMessageQueued = async (table: Table, message: InboundMessage): Promise<boolean> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.latestInbound(conversationGroupOf(message)),
      ConsistentRead: true,
    }),
  );
  if (!Item || Item.providerMessageId === message.providerMessageId || Item.receivedAt < message.receivedAt) {
    return false;
  }
  const later = {
    provider: Item.provider ?? message.provider,
    providerMessageId: String(Item.providerMessageId),
  };
  return !(await wasAnswered(table, later));
};

/**
 * The burst that ends with this message: the customer turns just before it that were deferred to
 * it (and so never got their own reply), oldest first; the last is the current message.
 */
export const burstTurns = (turns: ConversationTurn[]): ConversationTurn[] => {
  const last = turns.at(-1);
  if (last?.role !== 'customer') return [];
  const burst = [last];
  for (let i = turns.length - 2; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.role !== 'customer' || !turn.deferred) break;
    burst.unshift(turn);
  }
  return burst;
};
