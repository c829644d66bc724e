import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { handleTwilioMessaging, handleTwilioStatus } from '../channels/twilio/webhook.js';
import { handleTwilioVoice, type VoiceWebhookDeps } from '../channels/voice/webhook.js';
import type { CoreRuntime } from '../composition/core-runtime.js';
import { bodyLimit, TWILIO_WEBHOOK_MAX_BYTES } from '../platform/body-limit.js';
import { HttpError } from '../platform/errors.js';
import { type HttpEvent, type HttpResult, httpErrors } from '../platform/http.js';
import { logger, metricsPublisher } from '../platform/observability.js';

/** `POST /webhooks/twilio/messaging`, `POST /webhooks/twilio/status` and the voice routes. */
export const createTwilioWebhookHandler = (runtime: CoreRuntime) => {
  const deps: VoiceWebhookDeps = {
    ...runtime,
    publicBaseUrl: runtime.config.publicBaseUrl,
    voice: { ...runtime.config.voice, conversationTtlDays: runtime.config.conversationTtlDays },
  };
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .use(httpErrors())
    .use(bodyLimit(TWILIO_WEBHOOK_MAX_BYTES))
    .handler(async (event) => {
      if (event.rawPath.endsWith('/webhooks/twilio/messaging')) return handleTwilioMessaging(event, deps);
      if (event.rawPath.endsWith('/webhooks/twilio/status')) return handleTwilioStatus(event, deps);
      if (event.rawPath.includes('/webhooks/twilio/voice')) return handleTwilioVoice(event, deps);
      throw new HttpError(404, 'Not found');
    });
};
