import { describe, expect, it } from 'vitest';
import { normaliseOrigin } from '../../functions/contracts/origins.js';
import { newVisitorId, signWebSession, verifyWebSession } from '../../functions/web/session-token.js';

const KEY = 'unit-test-widget-session-key-32-chars!';
const NOW = 1_800_000_000;

describe('web chat sessions', () => {
  it('verifies its own session and returns what it binds', () => {
    // Prepare
    const session = { tenantId: 'mhx3k2q0-9f2c1a7be4d0', visitorId: newVisitorId(), expiresAt: NOW + 60 };

    // Act
    const token = signWebSession(KEY, session);

    // Assess
    expect(verifyWebSession(KEY, token, NOW)).toEqual(session);
    expect(session.visitorId).toMatch(/^v[A-Za-z0-9]{12}$/);
  });

  it('refuses an expired, altered, re-signed or malformed token', () => {
    // Prepare
    const token = signWebSession(KEY, { tenantId: 't1', visitorId: 'v1', expiresAt: NOW + 60 });
    const [payload, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ b: 't2', v: 'v1', x: NOW + 60 })).toString('base64url');

    // Act
    const outcomes = [
      verifyWebSession(KEY, token, NOW + 60),
      verifyWebSession(KEY, `${otherPayload}.${signature}`, NOW),
      verifyWebSession('another-key-of-at-least-thirty-two-chars', token, NOW),
      verifyWebSession(KEY, `${payload}.${signature}.extra`, NOW),
      verifyWebSession(KEY, 'garbage', NOW),
      verifyWebSession(KEY, `${payload}.`, NOW),
    ];

    // Assess
    expect(outcomes).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads origins as browsers send them, and nothing else', () => {
    expect(normaliseOrigin('https://Shop.Example.com')).toBe('https://shop.example.com');
    expect(normaliseOrigin('https://shop.example.com:443')).toBe('https://shop.example.com');
    expect(normaliseOrigin('http://localhost:3000')).toBe('http://localhost:3000');
    for (const bad of [
      'null',
      '',
      'https://shop.example.com/path',
      'ftp://x.example',
      'https://u:p@x.example',
      'nope',
    ])
      expect(normaliseOrigin(bad)).toBeUndefined();
  });
});
