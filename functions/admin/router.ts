import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import type { Runtime } from '../composition/runtime.js';
import { mayUse, type RouteAccess } from '../contracts/roles.js';
import { BadRequestError, ForbiddenError, HttpError } from '../platform/errors.js';
import { type HttpEvent, type HttpResult, parseJsonBody } from '../platform/http.js';
import { logger, metrics } from '../platform/observability.js';
import { type AuditActor, type AuditEntry, appendAudit } from '../store/audit.js';
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
 * One admin API operation. `access` is the one place that says who may call it: `platform` (the
 * platform key only) or the roles of a business that may (`roles.ts`; an API key acts as the
 * owner). Any other caller gets 403 before the handler runs, so a refused call changes nothing.
 */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /v1, with `{name}` parameters, e.g. `/v1/documents/{id}`. */
  path: string;
  access: RouteAccess;
  body?: z.ZodType;
  handle(request: AdminRequest, runtime: Runtime): Promise<HttpResult>;
  /**
   * What a successful call of a state-changing route puts in the audit trail, beyond the
   * defaults (the route as the action, its path parameters or the created id as the target,
   * the caller's business). Platform routes name the business they acted on here.
   */
  audit?: (request: AdminRequest, result: HttpResult) => AuditOverrides | undefined;
  /** A state-changing route that records its own, more precise, entry (e.g. an erase). */
  auditsItself?: true;
  /** `false` for a read sent by POST (search, test chat): not audited. */
  changesState?: false;
  /** Served to an owner who must still set up MFA (the routes that set it up). */
  beforeMfa?: true;
}

export interface AuditOverrides {
  tenantId?: string;
  target?: string;
  detail?: AuditEntry['detail'];
}

/** The tenant a request acts for; a key or a person can only ever act for their own business. */
export const tenantOf = (request: AdminRequest): string => {
  if (request.principal.kind === 'tenant' || request.principal.kind === 'user')
    return request.principal.tenantId;
  throw new ForbiddenError('This operation needs a business API key or a signed-in person of the business');
};

/** Who did it, for the audit trail. */
export const actorOf = (principal: Principal): AuditActor => {
  switch (principal.kind) {
    case 'platform':
      return { kind: 'platform' };
    case 'tenant':
      return { kind: 'key', id: principal.keyId, role: principal.role };
    case 'user':
      return { kind: 'user', id: principal.userId, email: principal.email, role: principal.role };
  }
};

/** The audit entry's common part for one admin request. */
export const auditContext = (request: AdminRequest) => ({
  actor: actorOf(request.principal),
  via: {
    channel: request.principal.kind === 'user' ? 'console' : 'api',
    address: request.event.requestContext.http.sourceIp,
  },
  requestId: request.event.requestContext.requestId,
});

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

/**
 * Dispatches `/v1/...` requests: match, authenticate, authorise, validate, handle. Hand-written on
 * purpose: Powertools' event handler router was tried and measured (BENCHMARKS.md, "Libraries
 * considered"): +26 KB, 0.2 ms more per request, and glue for 405 and our error middleware.
 */
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
    authorise(match.route, principal);
    if (
      principal.kind === 'user' &&
      principal.role === 'owner' &&
      !principal.mfa &&
      runtime.config.identity.ownerMfaRequired &&
      !match.route.beforeMfa
    ) {
      throw new ForbiddenError(
        'Owners on this stage must set up an authenticator app (TOTP) first: the console asks for it after sign-in (GET /v1/me says so)',
      );
    }
    const values = match.pattern.exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(
      match.names.map((name, i) => [name, decodePathSegment(values[i] ?? '')]),
    );
    const request = { event, principal, params, body: parseBody(event, match.route.body) };
    const result = await match.route.handle(request, runtime);
    if (changesState(match.route) && isSuccess(result) && !match.route.auditsItself) {
      await recordChange(match.route, request, result, runtime);
    }
    return result;
  };
};

const authorise = (route: AdminRoute, principal: Principal): void => {
  if (route.access === 'platform') {
    if (principal.kind !== 'platform') throw new ForbiddenError('This operation needs the platform key');
    return;
  }
  if (principal.kind === 'platform') {
    throw new ForbiddenError('This operation needs a business API key or a signed-in person of the business');
  }
  if (!mayUse(route.access, principal.role)) {
    throw new ForbiddenError(
      `Your role (${principal.role}) may not do this; it needs ${route.access.join(' or ')}: ask an owner of the business`,
    );
  }
};

const changesState = (route: AdminRoute) => route.method !== 'GET' && route.changesState !== false;
const isSuccess = (result: HttpResult) => (result.statusCode ?? 200) < 300;

/** Ids a created object is answered with, in the order they name it best. */
const CREATED_ID_FIELDS = ['documentId', 'keyId', 'userId', 'tenantId', 'exportId'] as const;

const jsonBodyOf = (result: HttpResult): Record<string, unknown> => {
  if (!result.body || !String(result.headers?.['content-type'] ?? '').includes('json')) return {};
  try {
    const body: unknown = JSON.parse(result.body);
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const createdIdOf = (body: Record<string, unknown>): string | undefined => {
  const field = CREATED_ID_FIELDS.find((name) => typeof body[name] === 'string');
  return field ? String(body[field]) : undefined;
};

/**
 * Every successful state change is on record once. Failing to write it does not undo the change
 * (it is done); it is logged with the request id and counted (`AuditWriteFailed`) for an alarm.
 */
const recordChange = async (
  route: AdminRoute,
  request: AdminRequest,
  result: HttpResult,
  runtime: Runtime,
): Promise<void> => {
  const overrides = route.audit?.(request, result) ?? {};
  const body = jsonBodyOf(result);
  // The operator acts on one business (`/v1/tenants/{id}/...`): the entry goes in its trail.
  const ownTenant =
    request.principal.kind !== 'platform'
      ? request.principal.tenantId
      : typeof body.tenantId === 'string'
        ? body.tenantId
        : request.params.id;
  const params = Object.values(request.params);
  try {
    await appendAudit(
      runtime.table,
      {
        ...auditContext(request),
        tenantId: overrides.tenantId ?? ownTenant,
        action: `${route.method} ${route.path}`,
        target: overrides.target ?? (params.length ? params.join('/') : createdIdOf(body)),
        detail: overrides.detail,
      },
      runtime.config.audit.retentionDays,
    );
  } catch (error) {
    metrics.addMetric('AuditWriteFailed', MetricUnit.Count, 1);
    logger.error('could not write the audit entry of a change that was made', {
      error,
      action: `${route.method} ${route.path}`,
      tenantId: overrides.tenantId ?? ownTenant,
    });
  }
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

const parseBody = (event: HttpEvent, schema: z.ZodType | undefined): unknown =>
  schema ? parseJsonBody(event, schema, MAX_JSON_BYTES) : undefined;
