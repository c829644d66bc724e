import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { ApiErrorBody } from '../contracts/admin/errors.js';
import { BadRequestError, HttpError } from './errors.js';
import { logger } from './observability.js';
import './zod-locale.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The body exactly as the client sent it: API Gateway base64-encodes form and binary bodies. */
export const rawBody = (event: HttpEvent): Buffer =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

/**
 * A JSON body parsed with its schema: 413 past `maxBytes` (nothing beyond is read), 400 for text
 * that is not JSON or a value the schema refuses, with every field's problem named.
 */
export const parseJsonBody = <T>(event: HttpEvent, schema: z.core.$ZodType<T>, maxBytes: number): T => {
  const raw = rawBody(event);
  if (raw.length > maxBytes) throw new HttpError(413, 'Request body too large');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8') || 'null');
  } catch (error) {
    throw new BadRequestError('The body must be JSON', { cause: error });
  }
  // The function form parses zod classic and zod/mini schemas alike.
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    throw new BadRequestError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
};

/** API Gateway v2 lower-cases header names. */
export const header = (event: HttpEvent, name: string): string | undefined =>
  event.headers?.[name.toLowerCase()];

export const jsonResponse = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export const textResponse = (statusCode: number, body: string, contentType = 'text/plain'): HttpResult => ({
  statusCode,
  headers: { 'content-type': `${contentType}; charset=utf-8` },
  body,
});

/** Empty TwiML: Twilio sends nothing back now; the reply goes out later through the REST API. */
export const emptyTwiml = (): HttpResult =>
  textResponse(200, '<?xml version="1.0" encoding="UTF-8"?><Response/>', 'text/xml');

/**
 * Last middleware: an `HttpError` becomes its status with a JSON message; anything else is logged
 * with its stack and becomes a 500 that reveals nothing.
 */
export const httpErrors = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) logger.error('request failed', { error });
      else logger.info('request refused', { statusCode: error.statusCode, reason: error.message });
      const response = jsonResponse(error.statusCode, { error: error.message } satisfies ApiErrorBody);
      request.response = { ...response, headers: { ...response.headers, ...error.headers } };
      return;
    }
    logger.error('unhandled error', { error: error ?? undefined });
    request.response = jsonResponse(500, { error: 'Internal error' } satisfies ApiErrorBody);
  },
});

const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

/** Security headers on every admin response, errors included (runs after the error handler). */
export const securityHeaders = (): MiddlewareObj<HttpEvent, HttpResult> => {
  const apply = async (request: { response: HttpResult | undefined | null }) => {
    if (!request.response) return;
    request.response.headers = { ...SECURITY_HEADERS, ...request.response.headers };
  };
  return { after: apply, onError: apply };
};
