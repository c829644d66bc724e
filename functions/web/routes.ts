import type * as z from 'zod/mini';
import { HttpError } from '../platform/errors.js';
import { type HttpEvent, type HttpResult, jsonResponse, parseJsonBody } from '../platform/http.js';
import {
  ContactBody,
  CreateSessionBody,
  createWebSession,
  leaveWebContact,
  PollBody,
  pollWebMessages,
  SendMessageBody,
  sendWebMessage,
  type WebCaller,
  type WebChatDeps,
} from './web-chat.js';

/** Far above any message the widget allows (WIDGET_MAX_MESSAGE_CHARS): the rest is not read. */
const MAX_BODY_BYTES = 64 * 1024;

const parse = <T>(event: HttpEvent, schema: z.core.$ZodType<T>): T =>
  parseJsonBody(event, schema, MAX_BODY_BYTES);

/**
 * The widget's public routes. Who may call them: anyone, from a page whose Origin the business
 * listed (checked on every request), with the visitor's signed session for all but the first.
 * The browser may read an answer (CORS) only when the origin was allowed.
 */
export const handleWebChatRequest = async (event: HttpEvent, deps: WebChatDeps): Promise<HttpResult> => {
  const caller: WebCaller = {
    origin: event.headers?.origin,
    sourceIp: event.requestContext.http.sourceIp,
  };
  let result: HttpResult;
  try {
    result = await route(event, deps, caller);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const response = jsonResponse(error.statusCode, { error: error.message });
    result = { ...response, headers: { ...response.headers, ...error.headers } };
  }
  return {
    ...result,
    headers: {
      ...result.headers,
      vary: 'origin',
      ...(caller.allowedOrigin ? { 'access-control-allow-origin': caller.allowedOrigin } : {}),
    },
  };
};

const route = async (event: HttpEvent, deps: WebChatDeps, caller: WebCaller): Promise<HttpResult> => {
  if (event.requestContext.http.method !== 'POST') throw new HttpError(405, 'Method not allowed');
  switch (event.rawPath) {
    case '/widget/sessions':
      return jsonResponse(200, await createWebSession(deps, parse(event, CreateSessionBody), caller));
    case '/widget/messages':
      return jsonResponse(202, await sendWebMessage(deps, parse(event, SendMessageBody), caller));
    case '/widget/contact':
      return jsonResponse(200, await leaveWebContact(deps, parse(event, ContactBody), caller));
    case '/widget/poll':
      return jsonResponse(200, await pollWebMessages(deps, parse(event, PollBody), caller));
    default:
      throw new HttpError(404, 'Not found');
  }
};
