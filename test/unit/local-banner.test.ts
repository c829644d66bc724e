import { describe, expect, it } from 'vitest';
import { startupBanner } from '../../local-stack/banner.js';

const stack = {
  url: 'http://localhost:3000',
  publicBaseUrl: 'http://localhost:3000',
  stateDir: '.frontdesk',
  providers: { answers: 'extractive answerer (no LLM configured)' },
};

const row = (lines: string[], role: string) => lines.find((line) => line.startsWith(`  ${role}`));

describe('npm start banner', () => {
  it('without PLATFORM_ADMIN_KEY says the admin API refuses and how to set the key', () => {
    // Act
    const lines = startupBanner(stack, undefined);

    // Assess
    expect(row(lines, 'admin API')).toContain('no platform key: POST /v1/tenants answers 401');
    expect(row(lines, 'admin API')).toContain('PLATFORM_ADMIN_KEY=<a long random string> to .env');
  });

  it.each([
    ['.env', 'from .env'],
    ['environment', 'from the environment'],
  ] as const)('with the key from %s says so, and never prints the key', (source, said) => {
    // Act
    const lines = startupBanner(stack, source);

    // Assess
    expect(row(lines, 'admin API')).toContain(`platform key PLATFORM_ADMIN_KEY set (${said})`);
    expect(row(lines, 'admin API')).toContain('Authorization: Bearer <that key>');
  });

  it('names the URL webhooks are signed for, and the public URL on the ready line when PUBLIC_BASE_URL differs', () => {
    // Act
    const lines = startupBanner({ ...stack, publicBaseUrl: 'http://127.0.0.1:3000' }, '.env');

    // Assess
    expect(row(lines, 'webhooks')).toContain('checked against http://127.0.0.1:3000 (PUBLIC_BASE_URL)');
    expect(lines.at(-1)).toBe(
      'Frontdesk is ready on http://localhost:3000 (state: .frontdesk, public URL http://127.0.0.1:3000)',
    );
  });

  it('keeps the ready line as before when nothing is public', () => {
    expect(startupBanner(stack, '.env').at(-1)).toBe(
      'Frontdesk is ready on http://localhost:3000 (state: .frontdesk)',
    );
  });
});
