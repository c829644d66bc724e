import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { CoreRuntime } from '../composition/core-runtime.js';
import { type HttpEvent, type HttpResult, httpErrors, securityHeaders } from '../platform/http.js';
import { logger, metricsPublisher } from '../platform/observability.js';
import { handleWebChatRequest } from '../web/routes.js';

/** The chat widget's public routes (`/widget/...`): sessions, messages, polls. */
export const createWebChatHandler = (runtime: CoreRuntime) => {
  const { config } = runtime;
  const deps = {
    ...runtime,
    widget: config.widget,
    defaultPlan: config.defaultPlan,
    conversationTtlDays: config.conversationTtlDays,
  };
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .use(securityHeaders())
    .use(httpErrors())
    .handler((event) => handleWebChatRequest(event, deps));
};
