import { describe, expect, it } from 'vitest';
import { createRouteHints } from '../../functions/conversation/route-hints.js';

const route = (address: string) => ({ channel: 'twilio', address });

describe('route hints', () => {
  it('remembers an address that names a business, for its time to live only', () => {
    let now = 0;
    const hints = createRouteHints({ ttlMs: 1000, now: () => now });

    hints.remember(route('+1'), 't1');

    expect(hints.get(route('+1'))).toBe('t1');
    now = 1001;
    expect(hints.get(route('+1'))).toBeUndefined();
  });

  it('keeps no address without a business, and forgets one whose route went', () => {
    const hints = createRouteHints();

    hints.remember(route('+1'), undefined);
    hints.remember(route('+2'), 't2');
    hints.remember(route('+2'), undefined);

    expect(hints.get(route('+1'))).toBeUndefined();
    expect(hints.get(route('+2'))).toBeUndefined();
  });

  it('lets the least recently used address go past its size', () => {
    const hints = createRouteHints({ maxEntries: 2 });
    hints.remember(route('+1'), 't1');
    hints.remember(route('+2'), 't2');

    hints.get(route('+1'));
    hints.remember(route('+3'), 't3');

    expect(hints.get(route('+1'))).toBe('t1');
    expect(hints.get(route('+2'))).toBeUndefined();
    expect(hints.get(route('+3'))).toBe('t3');
  });
});
