import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { handleMetaEvents, handleMetaSubscription, type MetaWebhookDeps } from '../channels/meta/webhook.js';
import type { CoreRuntime } from '../composition/core-runtime.js';
import { bodyLimit, META_WEBHOOK_MAX_BYTES } from '../platform/body-limit.js';
import { HttpError } from '../platform/errors.js';
import { type HttpEvent, type HttpResult, httpErrors } from '../platform/http.js';
import { logger, metricsPublisher } from '../platform/observability.js';

/** `GET /webhooks/meta` (subscription check) and `POST /webhooks/meta` (WhatsApp, Messenger, Instagram). */
export const createMetaWebhookHandler = (runtime: CoreRuntime) => {
  const deps: MetaWebhookDeps = runtime;
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .use(httpErrors())
    .use(bodyLimit(META_WEBHOOK_MAX_BYTES))
    .handler(async (event) => {
      const method = event.requestContext.http.method;
      if (method === 'GET') return handleMetaSubscription(event, deps);
      if (method === 'POST') return handleMetaEvents(event, deps);
      throw new HttpError(405, 'Method not allowed');
    });
};
