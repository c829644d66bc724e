import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const createTenant = async (authorization?: string) => {
  const response = await fetch(`${stack.url}/v1/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ name: 'Bella Pizza' }),
  });
  return { status: response.status, message: ((await response.json()) as { error: string }).error };
};

describe('a refused admin call says which key to send and where it comes from', () => {
  it.each([
    [
      'no Authorization header',
      undefined,
      'An API key is required: send the header "Authorization: Bearer <key>"',
    ],
    [
      'an empty bearer (an unset shell variable)',
      'Bearer ',
      'holds no key: the shell variable meant to hold it is probably empty',
    ],
    [
      'a key nobody issued',
      'Bearer fd_not-a-real-key',
      'Unknown API key: it is neither the platform key nor a business',
    ],
  ])('%s', async (_case, authorization, said) => {
    // Act
    const { status, message } = await createTenant(authorization);

    // Assess
    expect(status).toBe(401);
    expect(message).toContain(said);
    expect(message).toContain("the platform key is the server's PLATFORM_ADMIN_KEY");
    expect(message).toContain('the owner sending !key in chat');
  });
});
