import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { phoneOf } from '../../contracts/messages.js';
import { BadRequestError, ForbiddenError, HttpError } from '../../platform/errors.js';
import { emptyTwiml, type HttpEvent, type HttpResult, header, rawBody } from '../../platform/http.js';
import { logger, metrics, setMessageLogContext } from '../../platform/observability.js';
import type { SecretStore } from '../../platform/secrets.js';
import { enqueueInbound, type MessageQueue } from '../../queue/answer-queue.js';
import type { Table } from '../../store/client.js';
import { recordDeliveryStatus } from '../../store/deliveries.js';
import { claim, complete, release } from '../../store/idempotency.js';
import { resolveTenantByAddress } from '../../store/tenants.js';
import { countSendFailure } from '../send-metrics.js';
import { TwilioStatusSchema, toInboundMessage } from './inbound.js';
import { parseTwilioForm, type TwilioParams, twilioSignedUrl, verifyTwilioSignature } from './signature.js';

export interface TwilioWebhookDeps {
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
  publicBaseUrl: string | undefined;
}

/** Twilio retries a webhook once; Meta for days. A week of dedupe covers both. */
const DEDUPE_DAYS = 7;
const ENQUEUE_LEASE_MS = 30_000;

/**
 * Verifies `X-Twilio-Signature` on the raw body against the public URL Twilio called. Refuses
 * (403) before anything is parsed further, queued or stored.
 */
export const verifiedTwilioParams = async (
  event: HttpEvent,
  deps: TwilioWebhookDeps,
): Promise<TwilioParams> => {
  const authToken = await deps.secrets.get('TWILIO_AUTH_TOKEN');
  if (!authToken || !deps.publicBaseUrl) {
    logger.error('Twilio webhook is not configured: TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL are required');
    throw new HttpError(503, 'Twilio webhook is not configured');
  }
  const body = rawBody(event);
  const params = parseTwilioForm(body);
  const valid = verifyTwilioSignature({
    authToken,
    signature: header(event, 'x-twilio-signature'),
    url: twilioSignedUrl(deps.publicBaseUrl, event.rawPath, event.rawQueryString),
    params,
    rawBody: body.toString('utf8'),
  });
  if (!valid) {
    metrics.addMetric('WebhookRefused', MetricUnit.Count, 1);
    throw new ForbiddenError('Invalid Twilio signature');
  }
  metrics.addMetric('WebhookReceived', MetricUnit.Count, 1);
  return params;
};

/**
 * An inbound SMS or WhatsApp message: verify, parse, resolve the tenant by the receiving number,
 * queue it once per MessageSid, and answer empty TwiML at once (the reply goes out later).
 */
export const handleTwilioMessaging = async (
  event: HttpEvent,
  deps: TwilioWebhookDeps,
): Promise<HttpResult> => {
  const params = await verifiedTwilioParams(event, deps);
  const parsed = toInboundMessage(params, new Date(event.requestContext.timeEpoch || Date.now()));
  if (!('provider' in parsed)) {
    throw new BadRequestError(
      `Malformed Twilio message: ${parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  setMessageLogContext({ providerMessageId: parsed.providerMessageId });

  // The route lookup does not depend on the claim: both in one round trip (npm run bench).
  const [claimed, route] = await Promise.all([
    claim(deps.table, {
      scope: 'twilio-in',
      key: parsed.providerMessageId,
      leaseMs: ENQUEUE_LEASE_MS,
      ttlDays: DEDUPE_DAYS,
    }),
    resolveTenantByAddress(deps.table, 'twilio', phoneOf(parsed.to)).then(
      (tenantId) => ({ tenantId }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if (claimed.status !== 'claimed') {
    metrics.addMetric('DuplicateWebhook', MetricUnit.Count, 1);
    logger.info('duplicate delivery; already queued');
    return emptyTwiml();
  }
  try {
    if ('error' in route) throw route.error;
    const { tenantId } = route;
    logger.appendKeys({ tenantId });
    await enqueueInbound(deps.answerQueue, { ...parsed, tenantId });
    await complete(deps.table, 'twilio-in', parsed.providerMessageId);
  } catch (error) {
    // Give the claim back so a retry of this delivery is queued, not dropped as a duplicate.
    await release(deps.table, 'twilio-in', parsed.providerMessageId).catch(() => undefined);
    throw error;
  }
  return emptyTwiml();
};

/**
 * A delivery status callback. The tenant comes from the signed `tenant` query parameter that the
 * sender put in the callback URL, or else from the sending number's route.
 */
export const handleTwilioStatus = async (event: HttpEvent, deps: TwilioWebhookDeps): Promise<HttpResult> => {
  const params = await verifiedTwilioParams(event, deps);
  const parsed = TwilioStatusSchema.safeParse(params);
  if (!parsed.success) {
    throw new BadRequestError(
      `Malformed Twilio status callback: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const status = parsed.data;
  metrics.addMetric('DeliveryStatusReceived', MetricUnit.Count, 1);
  const tenantParam = event.queryStringParameters?.tenant;
  if (tenantParam !== undefined && !/^[a-z0-9-]{1,64}$/.test(tenantParam))
    throw new BadRequestError('Malformed tenant');
  const tenantId =
    tenantParam ??
    (status.From ? await resolveTenantByAddress(deps.table, 'twilio', phoneOf(status.From)) : undefined);
  if (!tenantId) {
    logger.warn('status for a message of no known tenant; acknowledged', { status: status.MessageStatus });
    return { statusCode: 200 };
  }
  await recordDeliveryStatus(deps.table, {
    tenantId,
    provider: 'twilio',
    providerMessageId: status.MessageSid,
    status: status.MessageStatus,
    errorCode: status.ErrorCode,
    to: status.To,
  });
  if (status.MessageStatus === 'failed' || status.MessageStatus === 'undelivered') {
    metrics.addMetric('SendFailed', MetricUnit.Count, 1);
    countSendFailure('twilio', status.ErrorCode);
    logger.warn('message not delivered', {
      tenantId,
      errorCode: status.ErrorCode,
      status: status.MessageStatus,
    });
  }
  return { statusCode: 200 };
};
