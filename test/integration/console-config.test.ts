import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

describe('the console on the local stack', () => {
  it('finds its config.json (the API is its own origin; people sign in at the local user pool), so no page load logs a 404', async () => {
    // Act
    const response = await fetch(`${stack.url}/console/config.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      userPool: {
        endpoint: `${stack.publicBaseUrl}/_local/cognito`,
        region: 'us-east-1',
        clientId: 'local-console-client',
      },
    });
  });
});
