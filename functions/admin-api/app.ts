import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createAdminRouter } from '../admin/router.js';
import { ADMIN_ROUTES } from '../admin/routes.js';
import type { Runtime } from '../composition/runtime.js';
import { type HttpEvent, type HttpResult, httpErrors, securityHeaders } from '../platform/http.js';
import { logger, metricsPublisher } from '../platform/observability.js';

/** The admin API, `/v1/...`, authenticated by `Authorization: Bearer <key>`. */
export const createAdminApiHandler = (runtime: Runtime) => {
  const route = createAdminRouter(ADMIN_ROUTES, runtime);
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .use(securityHeaders())
    .use(httpErrors())
    .handler((event) => route(event));
};
