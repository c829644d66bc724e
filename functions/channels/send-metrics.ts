import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChannelSender, OutboundMessage } from '../contracts/messages.js';
import { metrics } from '../platform/observability.js';

type Provider = OutboundMessage['provider'];

/**
 * One `SendFailedByCode` data point with the provider and its error code as dimensions (Twilio
 * 21610 "unsubscribed", 30007 "filtered", Meta 131047 "outside the 24-hour window"...), so the
 * dashboard shows which refusals dominate. Emitted as its own EMF blob: the dimensions must not
 * attach to the invocation's other metrics.
 */
export const countSendFailure = (provider: Provider, errorCode: string | number | undefined): void => {
  const single = metrics.singleMetric();
  single.addDimension('provider', provider);
  single.addDimension('errorCode', errorCode === undefined || errorCode === '' ? 'none' : String(errorCode));
  single.addMetric('SendFailedByCode', MetricUnit.Count, 1);
};

/** The code a sender's error carries: Twilio's `code`, the Meta sender's `reason`. */
const errorCodeOf = (error: unknown): string | number | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, reason } = error as { code?: unknown; reason?: unknown };
  if (typeof code === 'string' || typeof code === 'number') return code;
  if (typeof reason === 'string') return reason;
  return undefined;
};

/**
 * Wraps the senders so a send the provider refuses at once counts as `SendFailed` and
 * `SendFailedByCode`, like a refusal that arrives later as a status callback. The error is
 * thrown on unchanged: whether to retry stays the caller's decision.
 *
 * @example
 * const senders = withSendMetrics({ twilio: createTwilioSender(options) });
 */
export const withSendMetrics = (
  senders: Partial<Record<Provider, ChannelSender>>,
): Partial<Record<Provider, ChannelSender>> =>
  Object.fromEntries(
    Object.entries(senders).map(([provider, sender]) => [
      provider,
      {
        async send(message: OutboundMessage) {
          try {
            return await sender.send(message);
          } catch (error) {
            metrics.addMetric('SendFailed', MetricUnit.Count, 1);
            countSendFailure(provider as Provider, errorCodeOf(error));
            throw error;
          }
        },
      } satisfies ChannelSender,
    ]),
  );
