import middy from '@middy/core';
import { type HttpEvent, type HttpResult, jsonResponse } from '../platform/http.js';

/** `GET /health`: the API and its function answer. Says nothing about tenants or secrets. */
export const createHealthHandler = (info: { stage: string }) =>
  middy<HttpEvent, HttpResult>().handler(async () => jsonResponse(200, { status: 'ok', stage: info.stage }));
