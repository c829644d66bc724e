import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import type { ChannelSender, InboundMessage, OutboundMessage } from '../contracts/messages.js';
import { DEDUPE_DAYS, InboundMessageSchema } from '../contracts/messages.js';
import { FrontdeskError } from '../platform/errors.js';
import { logger, metrics, setMessageLogContext } from '../platform/observability.js';
import { claim, complete, release, saveProgress } from '../store/idempotency.js';
import { takesPartInBursts, waitOutBurstWindow } from './bursts.js';
import type { ConversationDeps, Reply } from './conversation-deps.js';
import { revealDeferredSecret, withdrawDeferredSecret } from './deferred-secret.js';
import { REPLY_SCOPE, replyClaimKey } from './reply-claim.js';
import { respondToMessage } from './respond.js';
import { type RouteHints, RouteMovedError } from './route-hints.js';
import { routedTo, routeInbound } from './route-inbound.js';
import { noteMessagingWindow } from './whatsapp-window.js';

export interface ProcessDeps extends ConversationDeps {
  senders: Partial<Record<InboundMessage['provider'], ChannelSender>>;
  /** The receiving addresses' businesses this process has read (absent: every message reads its route). */
  routeHints?: RouteHints;
}

/** Another attempt holds this message; SQS will deliver it again after the visibility timeout. */
export class MessageInProgressError extends FrontdeskError {}

const SCOPE = REPLY_SCOPE;
/** As long as a provider may redeliver: the webhooks queue every delivery, this claim drops them. */
const RECORD_DAYS = DEDUPE_DAYS;

interface Progress {
  replies?: Reply[];
  sent?: number;
}

/**
 * Answers one queued message exactly once. The replies are decided once and saved before any is
 * sent; each send is recorded as it happens. A retry (SQS redelivery, a crashed worker) resumes
 * from what was saved: commands are not run twice and no reply goes out twice.
 */
export const processInboundRecord = async (record: SQSRecord, deps: ProcessDeps): Promise<void> => {
  const received = InboundMessageSchema.parse(JSON.parse(record.body));
  const key = replyClaimKey(received);
  setMessageLogContext(received);
  // Masked by the log formatter at INFO; the DEBUG line shows it as it is outside production.
  logger.info('answering message', { channel: received.channel, from: received.from, text: received.text });
  logger.debug('message as received', { from: received.from, to: received.to, text: received.text });

  const claimed = await claim(deps.table, {
    scope: SCOPE,
    key,
    leaseMs: deps.answers.leaseMs,
    ttlDays: RECORD_DAYS,
  });
  if (claimed.status === 'completed') {
    metrics.addMetric('DuplicateMessage', MetricUnit.Count, 1);
    logger.info('already answered; dropping the duplicate');
    return;
  }
  if (claimed.status === 'in-progress')
    throw new MessageInProgressError('Another attempt is answering this message');

  try {
    const progress = claimed.progress as Progress;
    // A webhook-queued message finds its business here (a Meta id of none is dropped): one read,
    // or none in a warm worker that remembers the address (confirmed before it is used). A retry
    // that resumes from saved replies reads the route: it confirms nothing else.
    let routed = await routeInbound(deps.table, received, progress.replies ? undefined : deps.routeHints);
    if (!routed) return await complete(deps.table, SCOPE, key);
    if (!progress.replies && takesPartInBursts(routed.message)) {
      await waitOutBurstWindow(routed.message, deps.answers.burstWindowMs);
    }
    let replies = progress.replies;
    while (!replies) {
      try {
        replies = await respondToMessage(routed.message, deps, routed.unconfirmed);
      } catch (error) {
        if (!(error instanceof RouteMovedError && routed.unconfirmed)) throw error;
        // Nothing was written yet: route it as the route now says, and answer it from the start.
        deps.routeHints?.remember(routed.unconfirmed, error.tenantId);
        logger.removeKeys(['tenantId']);
        routed = routedTo(received, error.tenantId);
        if (!routed) return await complete(deps.table, SCOPE, key);
      }
    }
    const message = routed.message;
    // Before the replies are saved, so a retry that resumes from them has recorded it too.
    if (!progress.replies) await noteMessagingWindow(deps.table, message, replies);
    if (!progress.replies) await saveProgress(deps.table, SCOPE, key, { replies, sent: 0 });
    const first = progress.sent ?? 0;
    for (let i = first; i < replies.length; i++) {
      // `replies` (what is saved) keeps a deferred secret's marker; only the text sent holds it.
      await sendReply(replies[i]!, message, deps);
      // The last send is recorded with the completion itself: one write, all or nothing.
      await recordSent(deps, key, { replies, sent: i + 1 }, i === replies.length - 1);
    }
    // Nothing was left to send (no replies, or a retry after the last send was recorded).
    if (first >= replies.length) await complete(deps.table, SCOPE, key);
    metrics.addMetric('MessagesAnswered', MetricUnit.Count, 1);
    metrics.addMetric('AnswerLatency', MetricUnit.Milliseconds, Date.now() - Date.parse(message.receivedAt));
  } catch (error) {
    await release(deps.table, SCOPE, key).catch((releaseError) =>
      logger.warn('could not release the claim; the lease will expire', { error: releaseError }),
    );
    throw error;
  }
};

/** Attempts at saving that a reply went out, on top of the SDK's own retries. */
const RECORD_SENT_ATTEMPTS = 5;

/**
 * Once a reply went out, failing to record it means the retry sends it again: so a throttled or
 * failing save is retried for longer (about 3 s) before the message is given back to the queue.
 */
const recordSent = async (
  deps: ProcessDeps,
  key: string,
  progress: Required<Progress>,
  last: boolean,
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      if (last) return await complete(deps.table, SCOPE, key, progress);
      return await saveProgress(deps.table, SCOPE, key, progress);
    } catch (error) {
      if (attempt >= RECORD_SENT_ATTEMPTS) throw error;
      logger.warn('could not record a sent reply; trying again', { error, attempt });
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
};

/**
 * Sends one reply. A deferred secret (the key of `!key`) is minted here, just before the send;
 * a retry mints it again under the same id, which revokes the earlier one. If the send fails,
 * the key it carried is revoked at once, so a message that ends in the DLQ leaves no live key.
 */
const sendReply = async (saved: Reply, message: InboundMessage, deps: ProcessDeps): Promise<void> => {
  const reply = await revealDeferredSecret(saved, deps.table);
  try {
    await sendOutbound(reply, message, deps);
  } catch (error) {
    await withdrawDeferredSecret(saved, deps.table).catch((revokeError) =>
      logger.warn('could not revoke the key of a failed send; a retry revokes it', { error: revokeError }),
    );
    throw error;
  }
};

const sendOutbound = async (reply: Reply, message: InboundMessage, deps: ProcessDeps): Promise<void> => {
  const target = reply.recipient ?? {
    provider: message.provider,
    channel: message.channel,
    to: message.from,
    from: message.to,
  };
  const sender = deps.senders[target.provider];
  if (!sender) throw new FrontdeskError(`No sender is configured for ${target.provider}`);
  const outbound: OutboundMessage = {
    ...target,
    text: reply.text,
    tenantId: reply.tenantId ?? message.tenantId,
    inReplyTo: reply.recipient ? undefined : message.providerMessageId,
    ...(reply.template ? { template: reply.template } : {}),
  };
  await sender.send(outbound);
};
