import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenVerifier } from '../../functions/people/token-verifier.js';
import { startLocalStack } from '../../local-stack/stack.js';
import { bundle, initMsMedians } from './bundles.js';
import { median, quantile, round } from './stats.js';

/**
 * Issue 14's figures: what people cost. Bundle size and cold init of the two functions that
 * gained identity code (`--base <checkout>` measures another checkout the same way, e.g. the
 * commit before), the admin API's latency for one read with an API key against a person's ID
 * token on the local stack, and the token verification alone (aws-jwt-verify, keys cached).
 */
export interface PeopleFigures {
  bundles: Array<{
    function: string;
    checkout: string;
    bundleKB: number;
    initMs: number;
    identityKB: number;
  }>;
  request: { key: { p50: number; p95: number }; token: { p50: number; p95: number }; requests: number };
  verifyOnlyMicros: { p50: number; p95: number; runs: number };
}

const IDENTITY_PACKAGES =
  /aws-jwt-verify|client-cognito-identity-provider|fflate|s3-request-presigner|otpauth/;

export const measurePeople = async (
  repoRoot: string,
  workDir: string,
  options: { baseRoot?: string; requests: number; initRuns: number },
): Promise<PeopleFigures> => {
  const checkouts = [
    { name: 'this', root: repoRoot },
    ...(options.baseRoot ? [{ name: 'base', root: options.baseRoot }] : []),
  ];
  const built = [];
  for (const checkout of checkouts) {
    for (const fn of ['admin-api', 'answer-worker']) {
      const outDir = join(workDir, checkout.name, fn);
      mkdirSync(outDir, { recursive: true });
      built.push({
        checkout: checkout.name,
        fn,
        result: await bundle(checkout.root, { file: `functions/${fn}/index.ts` }, outDir),
      });
    }
  }
  const inits = await initMsMedians(
    built.map((b) => ({ file: b.result.file, name: b.fn })),
    options.initRuns,
  );
  const bundles = built.map((b, i) => ({
    function: b.fn,
    checkout: b.checkout,
    bundleKB: Math.round(b.result.bytes / 1024),
    initMs: Math.round(inits[i] ?? 0),
    identityKB: Math.round(
      b.result.packages.filter((p) => IDENTITY_PACKAGES.test(p.path)).reduce((sum, p) => sum + p.bytes, 0) /
        1024,
    ),
  }));
  return { bundles, ...(await measureRequests(options.requests)) };
};

const measureRequests = async (requests: number) => {
  const stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: { PLATFORM_ADMIN_KEY: 'bench-platform-key', LOG_LEVEL: 'ERROR' },
  });
  try {
    const call = async (credential: string, path: string, init: RequestInit = {}) =>
      fetch(`${stack.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${credential}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
    const created = await call('bench-platform-key', '/v1/tenants', {
      method: 'POST',
      body: JSON.stringify({ name: 'Bench' }),
    });
    const tenant = (await created.json()) as { apiKey: string };
    await call(tenant.apiKey, '/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'bench@example.com', role: 'owner' }),
    });
    const temporary = /temporary password (\S+)/.exec(stack.mailbox.list().at(-1)?.text ?? '')?.[1] ?? '';
    const pool = (action: string, body: unknown) =>
      stack.userPool.handle(action, body as Record<string, unknown>);
    const first = pool('InitiateAuth', {
      ClientId: 'local-console-client',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'bench@example.com', PASSWORD: temporary },
    });
    const done = pool('RespondToAuthChallenge', {
      ClientId: 'local-console-client',
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: first.Session,
      ChallengeResponses: { USERNAME: 'bench@example.com', NEW_PASSWORD: 'Bench-Mark-2026' },
    }) as { AuthenticationResult: { IdToken: string } };
    const token = done.AuthenticationResult.IdToken;

    // Alternate the two kinds so a burst of load on the machine falls on both alike.
    const samples = { key: [] as number[], token: [] as number[] };
    for (let i = 0; i < requests + 50; i++) {
      for (const kind of ['key', 'token'] as const) {
        const start = performance.now();
        const response = await call(kind === 'key' ? tenant.apiKey : token, '/v1/me');
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /v1/me with a ${kind} answered ${response.status}`);
        if (i >= 50) samples[kind].push(performance.now() - start);
      }
    }
    const verify = createTokenVerifier({
      userPoolId: 'us-east-1_LocalPool',
      clientId: 'local-console-client',
      jwks: stack.userPool.jwks(),
    });
    const micros: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const start = performance.now();
      await verify(token);
      micros.push((performance.now() - start) * 1000);
    }
    const figures = (s: number[]) => ({ p50: round(median(s)), p95: round(quantile(s, 0.95)) });
    return {
      request: { key: figures(samples.key), token: figures(samples.token), requests },
      verifyOnlyMicros: {
        p50: Math.round(median(micros.slice(200))),
        p95: Math.round(quantile(micros.slice(200), 0.95)),
        runs: 1800,
      },
    };
  } finally {
    await stack.close();
  }
};

export const printPeople = (figures: PeopleFigures) => {
  console.log('\nPeople (issue 14)');
  console.log('function        checkout  bundle KB  identity KB  init ms');
  for (const b of figures.bundles)
    console.log(
      `${b.function.padEnd(16)}${b.checkout.padEnd(10)}${String(b.bundleKB).padStart(9)}  ${String(b.identityKB).padStart(11)}  ${String(b.initMs).padStart(7)}`,
    );
  const { key, token, requests } = figures.request;
  console.log(
    `GET /v1/me over ${requests} requests each: key p50 ${key.p50} ms p95 ${key.p95} ms; ID token p50 ${token.p50} ms p95 ${token.p95} ms`,
  );
  console.log(
    `token verification alone: p50 ${figures.verifyOnlyMicros.p50} µs, p95 ${figures.verifyOnlyMicros.p95} µs`,
  );
};
