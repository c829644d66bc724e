import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_SEED, propertySeed } from './property-seed.js';

describe('the property-test seed', () => {
  it('is fixed unless FAST_CHECK_SEED asks for a fresh or a given one', () => {
    expect(propertySeed(undefined)).toBe(FIXED_SEED);
    expect(propertySeed('')).toBe(FIXED_SEED);
    expect(propertySeed('42')).toBe(42);
    expect(Number.isInteger(propertySeed('random'))).toBe(true);
    expect(() => propertySeed('tomorrow')).toThrow(/FAST_CHECK_SEED must be/);
  });

  it('is the one fast-check uses here, so the same cases come back run after run', () => {
    // Act
    const seed = fc.readConfigureGlobal().seed;
    const first = fc.sample(fc.string(), 5);
    const second = fc.sample(fc.string(), 5);

    // Assess
    expect(seed).toBe(
      propertySeed(process.env.FAST_CHECK_SEED === 'random' ? String(seed) : process.env.FAST_CHECK_SEED),
    );
    expect(second).toEqual(first);
  });
});
