import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../functions/answer/circuit-breaker.js';

describe('the circuit breaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown, and reopens if it fails', () => {
    // Prepare
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });

    // Act + Assess
    breaker.recordFailure();
    expect(breaker.allowsCall()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.allowsCall()).toBe(false);

    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allowsCall()).toBe(true);
    // A second caller during the trial is turned away.
    expect(breaker.allowsCall()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');

    now = 2500;
    expect(breaker.allowsCall()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.allowsCall()).toBe(true);
  });
});
