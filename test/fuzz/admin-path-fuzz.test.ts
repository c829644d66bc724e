import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { PLATFORM_KEY } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

/** Arbitrary percent escapes in admin path parameters: refused or not found, never a 5xx. */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const segment = fc
  .array(
    fc.oneof(
      fc.constantFrom('%', '%2', '%E0', '%A4', '%zz', '%25'),
      fc.stringMatching(/^[0-9A-Za-z_~-]{1,3}$/),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));

describe('admin paths', () => {
  it('answer 4xx to any escape in a path parameter, and 400 exactly when it is malformed', async () => {
    await fc.assert(
      fc.asyncProperty(segment, async (value) => {
        const response = await fetch(`${stack.url}/v1/tenants/${value}/api-keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PLATFORM_KEY}` },
        });
        await response.arrayBuffer();
        let wellFormed = true;
        try {
          decodeURIComponent(value);
        } catch {
          wellFormed = false;
        }
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        if (!wellFormed) expect(response.status).toBe(400);
      }),
      { numRuns: 100 },
    );
  });
});
