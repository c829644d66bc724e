import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../http-server.js';
import { CognitoError, type LocalUserPool } from './local-user-pool.js';

/** Where the local user pool answers the Cognito JSON API (the console's `userPool.endpoint`). */
export const LOCAL_COGNITO_PATH = '/_local/cognito';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY = 64 * 1024;

/**
 * `POST /_local/cognito` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>` and an
 * `application/x-amz-json-1.1` body, answered as Cognito does (errors: 400 with `__type`);
 * `GET /_local/cognito/.well-known/jwks.json` serves the pool's keys.
 */
export const createLocalCognitoRoutes =
  (pool: LocalUserPool) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(LOCAL_COGNITO_PATH)) return false;
    if (req.method === 'GET' && url.pathname === `${LOCAL_COGNITO_PATH}/.well-known/jwks.json`) {
      send(res, { statusCode: 200, body: JSON.stringify(pool.jwks()) });
      return true;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) return false;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY)
        return reply(res, 413, { __type: 'InvalidParameterException', message: 'Request too large' });
      chunks.push(chunk as Buffer);
    }
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      return reply(res, 200, pool.handle(target.slice(TARGET_PREFIX.length), body));
    } catch (error) {
      if (error instanceof CognitoError)
        return reply(res, 400, { __type: error.type, message: error.message });
      if (error instanceof SyntaxError)
        return reply(res, 400, { __type: 'SerializationException', message: 'Body is not JSON' });
      throw error;
    }
  };

const reply = (res: ServerResponse, statusCode: number, body: unknown): true => {
  send(res, {
    statusCode,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(statusCode >= 400 ? { 'x-amzn-errortype': String((body as { __type?: string }).__type) } : {}),
    },
    body: JSON.stringify(body),
  });
  return true;
};
