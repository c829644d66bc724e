import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { BadRequestError, ForbiddenError, HttpError } from '../platform/errors.js';
import { type HttpEvent, type HttpResult, rawBody } from '../platform/http.js';
import { metrics } from '../platform/observability.js';
import type { Runtime } from '../platform/runtime.js';
import { authenticate, type Principal } from './auth.js';

export interface AdminRequest {
  event: HttpEvent;
  principal: Principal;
  /** Path parameters from the route pattern, e.g. `{id}`. */
  params: Record<string, string>;
  /** The JSON body validated by the route's schema (undefined without one). */
  body: unknown;
}

/**
 * One admin API operation. `access` says who may call it: `platform` (the platform key only),
 * `tenant` (a tenant key; the handler sees only that tenant), or `any`.
 */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /v1, with `{name}` parameters, e.g. `/v1/documents/{id}`. */
  path: string;
  access: 'platform' | 'tenant' | 'any';
  body?: z.ZodType;
  handle(request: AdminRequest, runtime: Runtime): Promise<HttpResult>;
}

/** The tenant a request acts for; a tenant key can only ever act for its own tenant. */
export const tenantOf = (request: AdminRequest): string => {
  if (request.principal.kind === 'tenant') return request.principal.tenantId;
  throw new ForbiddenError('This operation needs a tenant API key');
};

const MAX_JSON_BYTES = 256 * 1024;

const compile = (route: AdminRoute) => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}/?$`,
  );
  return { route, pattern, names };
};

/** Dispatches `/v1/...` requests: match, authenticate, authorise, validate, handle. */
export const createAdminRouter = (routes: readonly AdminRoute[], runtime: Runtime) => {
  const compiled = routes.map(compile);
  return async (event: HttpEvent): Promise<HttpResult> => {
    // A browser's CORS preflight carries no key; API Gateway adds the stage's CORS headers.
    if (event.requestContext.http.method === 'OPTIONS') return { statusCode: 204 };
    metrics.addMetric('AdminRequest', MetricUnit.Count, 1);
    const path = event.rawPath;
    const candidates = compiled.filter((c) => c.pattern.test(path));
    if (candidates.length === 0) throw new HttpError(404, 'Not found');
    const match = candidates.find((c) => c.route.method === event.requestContext.http.method);
    if (!match) throw new HttpError(405, 'Method not allowed');

    const principal = await authenticate(event, runtime);
    if (match.route.access === 'platform' && principal.kind !== 'platform') {
      throw new ForbiddenError('This operation needs the platform key');
    }
    if (match.route.access === 'tenant' && principal.kind !== 'tenant') {
      throw new ForbiddenError('This operation needs a tenant API key');
    }
    const values = match.pattern.exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(
      match.names.map((name, i) => [name, decodePathSegment(values[i] ?? '')]),
    );
    return match.route.handle(
      { event, principal, params, body: parseBody(event, match.route.body) },
      runtime,
    );
  };
};

/** A path parameter as sent, percent-decoded; a broken escape is the caller's mistake, not ours. */
const decodePathSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new BadRequestError(
      `The path segment ${JSON.stringify(segment)} has a malformed percent escape; encode "%" as %25`,
      { cause: error },
    );
  }
};

const parseBody = (event: HttpEvent, schema: z.ZodType | undefined): unknown => {
  if (!schema) return undefined;
  const raw = rawBody(event);
  if (raw.length > MAX_JSON_BYTES) throw new HttpError(413, 'Request body too large');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8') || 'null');
  } catch (error) {
    throw new BadRequestError('The body must be JSON', { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new BadRequestError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
};
