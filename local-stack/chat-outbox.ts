import { phoneOf } from '../functions/contracts/messages.js';
import { replies } from '../functions/conversation/replies.js';

/** An outbox entry as `GET /_local/outbox` lists it. */
export interface OutboxLine {
  id: string;
  to: string;
  text: string;
}

export type ChatOutcome =
  | { kind: 'replies'; texts: string[] }
  /** A person has the conversation: the message went to the owner and the assistant is quiet. */
  | { kind: 'relayed'; owners: string[] }
  | { kind: 'waiting' };

/** What the outbox entries that appeared since a message was sent say about it. */
export const readOutcome = (fresh: readonly OutboxLine[], from: string): ChatOutcome => {
  const texts = fresh.filter((m) => m.to === from).map((m) => m.text);
  if (texts.length > 0) return { kind: 'replies', texts };
  const relayedPrefix = replies.forwardedToOwner(phoneOf(from), '').replace(/"$/, '');
  const owners = fresh.filter((m) => m.to !== from && m.text.startsWith(relayedPrefix)).map((m) => m.to);
  return owners.length > 0 ? { kind: 'relayed', owners } : { kind: 'waiting' };
};

export const relayedNote = (owners: readonly string[]) =>
  `(no reply, by design: a person has this conversation, so the assistant stays quiet and your message went to the owner at ${owners.join(', ')}. ` +
  'The owner answers with "!reply <your number> <text>" and hands back with "!resume <your number>".)';

/** Whether the last thing this sender was told is that a person will take over. */
const toldAPersonWillReply = (earlier: readonly OutboxLine[], from: string): boolean => {
  const last = earlier.filter((m) => m.to === from).at(-1)?.text ?? '';
  return /a person (will|can) (reply|get back|follow up)/.test(last);
};

/** Why nothing came back in time, from what this sender saw before. */
export const silenceNote = (earlier: readonly OutboxLine[], from: string, seconds: number): string =>
  toldAPersonWillReply(earlier, from)
    ? `(no reply within ${seconds} s, by design: after the handoff a person has this conversation and the assistant stays quiet until the owner sends "!resume <your number>")`
    : `(no reply within ${seconds} s. A conversation a person has taken over, or a sender over the rate limit, gets no reply by design; ` +
      'otherwise check that npm start is still running and look for the message in GET /_local/dlq)';
