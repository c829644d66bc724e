import type { InboundMessage } from '../contracts/messages.js';
import type { Table } from '../store/client.js';
import type { ConversationTurn } from '../store/conversations.js';
import { latestQueuedAfter } from '../store/inbound-arrivals.js';
import { wasAnswered } from './reply-claim.js';

/**
 * Bursts: "hi" / "I have a question" / "do you deliver?" sent within seconds get one reply.
 *
 * The answer queue is FIFO per conversation and the worker answers each message exactly once, so
 * a message cannot see the ones queued behind it. Instead the webhooks file each message they
 * queue under its conversation (`store/inbound-arrivals.ts`, the record that also dedupes it).
 * The worker holds each message until its burst window has passed since it arrived, then asks: did a later message come? If so, this
 * one is logged and completed without a reply, and the later message answers them together
 * (`burstQuestion` gathers the customer's turns since the last reply). Every message is still
 * processed exactly once; only the last of a burst speaks.
 */
export const takesPartInBursts = (message: InboundMessage): boolean =>
  !message.fromOwner &&
  message.channel !== 'voice' &&
  message.text.trim() !== '' &&
  !message.text.trim().startsWith('!');

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
  const later = await latestQueuedAfter(table, message);
  return (
    later !== undefined &&
    !(await wasAnswered(table, { ...later, provider: later.provider as InboundMessage['provider'] }))
  );
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
