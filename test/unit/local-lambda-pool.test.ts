import { describe, expect, it } from 'vitest';
import { createLambdaPool } from '../../local-stack/lambda-pool.js';

describe('the local stack runs a handler instance per concurrent invocation', () => {
  it('never gives one instance two invocations at once, and reuses idle instances', async () => {
    // Prepare: each instance remembers whether it is busy, as a module-scope batch processor does.
    let created = 0;
    const overlaps: number[] = [];
    const invoke = createLambdaPool(() => {
      const instance = ++created;
      let busy = false;
      return async (ms: number) => {
        if (busy) overlaps.push(instance);
        busy = true;
        await new Promise((resolve) => setTimeout(resolve, ms));
        busy = false;
        return instance;
      };
    });

    // Act
    const first = await Promise.all([invoke(20), invoke(20), invoke(20)]);
    const later = await invoke(1);

    // Assess
    expect(overlaps).toEqual([]);
    expect(new Set(first).size).toBe(3);
    expect(first).toContain(later);
    expect(created).toBe(3);
  });
});
