import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type HttpEvent, type HttpResult, jsonResponse } from '../platform/http.js';
import { logger, metricsPublisher } from '../platform/observability.js';

/** `GET /health`: the API and its function answer. Says nothing about tenants or secrets. */
export const createHealthHandler = (info: { stage: string }) =>
  middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .handler(async () => jsonResponse(200, { status: 'ok', stage: info.stage }));
