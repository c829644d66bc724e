import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { phoneOf } from '../../contracts/messages.js';
import { BadRequestError, ForbiddenError, HttpError } from '../../platform/errors.js';
import { emptyTwiml, type HttpEvent, type HttpResult, header, rawBody } from '../../platform/http.js';
import { logger, metrics, setMessageLogContext } from '../../platform/observability.js';
import type { SecretStore } from '../../platform/secrets.js';
import type { MessageQueue } from '../../queue/answer-queue.js';
import { resolveTenantByAddress } from '../../store/channel-routes.js';
import type { Table } from '../../store/client.js';
import { recordDeliveryStatus } from '../../store/deliveries.js';
import { acceptInbound } from '../accept.js';
import { countSendFailure } from '../send-metrics.js';
import { TwilioStatusSchema, toInboundMessage } from './inbound.js';
import { parseTwilioForm, type TwilioParams, twilioSignedUrl, verifyTwilioSignature } from './signature.js';

export interface TwilioWebhookDeps {
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
  publicBaseUrl: string | undefined;
}

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
 * An inbound SMS or WhatsApp message: verify, parse, queue it (deduplicated by MessageSid), and
 * answer empty TwiML at once (the reply goes out later). One table call, the arrival note; the
 * worker resolves the receiving number to its business (npm run bench).
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
  await acceptInbound(deps, parsed);
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
