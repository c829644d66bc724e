import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/contracts/routes.js';
import { countTokens } from '../../functions/ingest/tokens.js';
import { LAYER_MODULES } from '../../functions/platform/layer-modules.js';
import { profileFor } from '../../lib/function-profiles.js';
import { buildVendorLayer } from '../../lib/layer-bundling.js';
import { type Built, bundle, functionNames, lambdaEnvironment } from '../../tools/bench/bundles.js';
import { houseFunction, resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * esbuild's build summary (which `cdk synth` prints for each function it bundles) marks an output
 * file of 1 MiB or more with a warning sign; the ingest worker, whose extraction worker carries
 * the document parsers, is the one function allowed past it.
 */
const ESBUILD_BIG_FILE_BYTES = 1024 * 1024;
/**
 * Functions allowed past that mark, each with the ceiling it must still keep: only the ingest
 * worker (its extraction worker carries the document parsers). The admin API came back under it
 * (issue 19: the openai client and tinyld from the vendor layer, the word ranks compressed).
 */
const ALLOWED_BIG: Readonly<Record<string, number>> = {
  'ingest-worker': Number.POSITIVE_INFINITY,
};

/** Issue 19's targets for the answer worker and the admin API. */
const ANSWER_WORKER_MAX_BYTES = 1.5 * 1024 * 1024;
const ADMIN_API_MAX_BYTES = 1.5 * 1024 * 1024;

/**
 * Issue 19's ceiling for the functions a customer waits on at every message: the webhooks and the
 * widget's public route (367, 358 and 351 KB since their schemas moved to zod/mini; BENCHMARKS.md).
 */
const WEBHOOK_MAX_BYTES = 400 * 1024;
const WEBHOOK_LIKE = ['twilio-webhook', 'meta-webhook', 'web-chat'];

let outDir: string;
const built = new Map<string, Built>();
const layerPackagePaths = [
  'node_modules/twilio/lib/rest/',
  'node_modules/gpt-tokenizer/',
  'node_modules/@pinecone-database/',
  'node_modules/openai/',
  'node_modules/tinyld/',
];

/** Every function bundled with the house settings (the bench's code), once: about 10 s. */
beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'frontdesk-bundle-sizes-'));
  for (const name of functionNames(REPO_ROOT)) {
    const dir = join(outDir, name);
    mkdirSync(dir, { recursive: true });
    built.set(name, await bundle(REPO_ROOT, { file: `functions/${name}/index.ts` }, dir));
  }
}, 180_000);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('function bundles', () => {
  it('stay under the size at which cdk synth warns, but for the ingest worker', () => {
    const big = [...built].filter(
      ([name, b]) => b.bytes >= Math.max(ESBUILD_BIG_FILE_BYTES, ALLOWED_BIG[name] ?? 0),
    );
    expect(big.map(([name, b]) => `${name}: ${Math.round(b.bytes / 1024)} KB`)).toEqual([]);
  });

  it('keep the answer worker and the admin API within issue 19’s 1.5 MB', () => {
    expect(built.get('answer-worker')!.bytes).toBeLessThanOrEqual(ANSWER_WORKER_MAX_BYTES);
    expect(built.get('admin-api')!.bytes).toBeLessThanOrEqual(ADMIN_API_MAX_BYTES);
  });

  it('keep the webhooks and the web chat within issue 19’s 400 KB', () => {
    for (const name of WEBHOOK_LIKE) {
      expect(built.get(name)!.bytes, name).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES);
    }
  });

  it('give the webhooks and the web chat zod/mini alone: one classic schema on their path costs about 65 KB', () => {
    for (const name of WEBHOOK_LIKE) {
      const classic = built.get(name)!.inputs.filter((path) => path.includes('node_modules/zod/v4/classic/'));
      expect(classic, `${name} reaches a module importing 'zod' instead of 'zod/mini'`).toEqual([]);
    }
  });

  it('refuse a widget body in English words from the web chat bundle alone (zod/mini sets no locale)', async () => {
    // Prepare: a body the schema refuses before any table call, sent to the shipped bundle.
    const event = {
      rawPath: '/widget/sessions',
      headers: { origin: 'https://shop.example.com' },
      body: JSON.stringify({ business: 5 }),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', sourceIp: '203.0.113.9' }, timeEpoch: Date.now() },
    };
    const script = `const { handler } = await import(${JSON.stringify(built.get('web-chat')!.file)});
const context = { functionName: 'web-chat', awsRequestId: 'probe', getRemainingTimeInMillis: () => 3000 };
const result = await handler(${JSON.stringify(event)}, context);
process.stderr.write('RESULT ' + JSON.stringify(result) + '\\n');`;

    // Act
    const { stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...lambdaEnvironment('web-chat'),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    });

    // Assess: zod's English message (platform/zod-locale.ts), not a bare "Invalid input".
    const result = JSON.parse(/^RESULT (.*)$/m.exec(stderr)![1]!);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      error: 'business: Invalid input: expected string, received number',
    });
  });

  it('carry none of the vendor layer’s packages', () => {
    for (const [name, b] of built) {
      const carried = b.packages.filter((p) =>
        layerPackagePaths.some((path) => `node_modules/${p.path}/`.startsWith(path)),
      );
      expect(carried, name).toEqual([]);
    }
  });

  it('carry only the environment link of the SDK credential chain (lib/bundling.ts alias)', () => {
    for (const [name, b] of built) {
      const chain = b.packages.filter((p) =>
        [
          '@aws-sdk/credential-provider-node',
          '@aws-sdk/nested-clients',
          '@aws-sdk/credential-provider-sso',
        ].includes(p.path),
      );
      expect(chain, name).toEqual([]);
    }
  });

  it('resolve the SDK clients’ credentials from the environment, as Lambda provides them', async () => {
    // Prepare: a DynamoDB client bundled with the house settings.
    const dir = join(outDir, 'credentials-probe');
    mkdirSync(dir, { recursive: true });
    const probe = await bundle(
      REPO_ROOT,
      {
        name: 'credentials-probe',
        source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const handler = async () => new DynamoDBClient({ region: 'us-east-1' }).config.credentials();`,
      },
      dir,
    );
    const script = `const { handler } = await import(${JSON.stringify(probe.file)}); console.log(JSON.stringify(await handler()));`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_ACCESS_KEY_ID: 'AKIDPROBE',
        AWS_SECRET_ACCESS_KEY: 'probe-secret',
        AWS_SESSION_TOKEN: 'probe-session',
      },
    });

    // Assess
    expect(JSON.parse(stdout)).toMatchObject({
      accessKeyId: 'AKIDPROBE',
      secretAccessKey: 'probe-secret',
      sessionToken: 'probe-session',
    });
  });

  it('require layer modules only in functions that get the vendor layer', () => {
    const loaders = [...built]
      .filter(([, b]) => b.inputs.some((path) => path.endsWith('functions/platform/layer-modules.ts')))
      .map(([name]) => name);
    expect(loaders.length).toBeGreaterThan(0);
    for (const name of loaders) expect(profileFor(name as FunctionName).vendorLayer, name).toBe(true);
  });
});

describe('the vendor layer', () => {
  let layerDir: string;
  beforeAll(() => {
    layerDir = mkdtempSync(join(tmpdir(), 'frontdesk-vendor-layer-'));
    buildVendorLayer(REPO_ROOT, layerDir);
  }, 120_000);
  afterAll(() => {
    if (layerDir) rmSync(layerDir, { recursive: true, force: true });
  });

  it('serves every layer module to a bundle outside the repository, through NODE_PATH as in Lambda', async () => {
    // Prepare: a task folder with no node_modules anywhere above it, as /var/task.
    const task = mkdtempSync(join(tmpdir(), 'frontdesk-task-'));
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(`file://${task}/index.mjs`)});
      const twilio = require('twilio');
      const client = twilio('AC${'0'.repeat(32)}', 'token');
      const { countTokens } = require('gpt-tokenizer/encoding/cl100k_base');
      const { Pinecone } = require('@pinecone-database/pinecone');
      const { OpenAI } = require('openai');
      const { detect } = require('tinyld/light');
      console.log(JSON.stringify({
        modules: ${JSON.stringify(LAYER_MODULES)}.map((m) => require.resolve(m).startsWith(${JSON.stringify(layerDir)})),
        send: typeof client.messages.create,
        tokens: countTokens('Opening hours: 9 to 5.'),
        pinecone: typeof Pinecone,
        openai: typeof OpenAI,
        language: detect('Where is the station, please? I would like to buy a ticket.'),
      }));`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: task,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(layerDir, 'nodejs', 'node_modules') },
    });
    rmSync(task, { recursive: true, force: true });

    // Assess
    expect(JSON.parse(stdout)).toEqual({
      modules: LAYER_MODULES.map(() => true),
      send: 'function',
      // The same count as the repository's own copy of the package.
      tokens: countTokens('Opening hours: 9 to 5.'),
      pinecone: 'function',
      openai: 'function',
      language: 'en',
    });
  });
});

describe('the vendor layer in the stack', () => {
  beforeAll(() => synthesize('dev'), SYNTH_TIMEOUT_MS);

  it('is attached to exactly the functions whose profile asks for it', () => {
    const { template } = synthesize('dev');
    const [layerId] = Object.keys(resourcesOf(template, 'AWS::Lambda::LayerVersion'));
    expect(layerId).toBeDefined();
    for (const name of functionNames(REPO_ROOT)) {
      const layers = (houseFunction(template, name).properties.Layers ?? []) as unknown[];
      expect(layers, name).toEqual(profileFor(name as FunctionName).vendorLayer ? [{ Ref: layerId }] : []);
    }
  });
});
