import { brotliDecompressSync } from 'node:zlib';
import type { BuildOptions } from 'esbuild';
import { ENGLISH_TERMS_BY_FREQUENCY_BROTLI_BASE64 } from '../../functions/knowledge/english-word-ranks.js';
import { houseEsbuildOptions } from '../../lib/bundling.js';

/**
 * Naive and chosen variants of a design choice, bundled and cold-started in the same run so the
 * bench shows what each choice buys. Each entry is a tiny module exporting `handler`.
 */
export interface VariantSide {
  label: string;
  source: string;
  /** Left out of the bundle and loaded from node_modules, as Lambda's own AWS SDK would be. */
  external?: string[];
  /** House esbuild settings this side changes. */
  overrides?: Partial<BuildOptions>;
}

export interface VariantPair {
  choice: string;
  naive: VariantSide;
  chosen: VariantSide;
}

const ANSWER_WORKER = `import { loadConfig } from './functions/platform/config.js';
import { createConversationRuntime } from './functions/composition/runtime.js';
import { createAnswerWorkerHandler } from './functions/answer-worker/app.js';
export const handler = createAnswerWorkerHandler(createConversationRuntime(loadConfig()));`;

const TWILIO_WEBHOOK = `import { loadConfig } from './functions/platform/config.js';
import { createCoreRuntime } from './functions/composition/core-runtime.js';
import { createTwilioWebhookHandler } from './functions/twilio-webhook/app.js';
export const handler = createTwilioWebhookHandler(createCoreRuntime(loadConfig()));`;

const ADMIN_API = `import { loadConfig } from './functions/platform/config.js';
import { createRuntime } from './functions/composition/runtime.js';
import { createAdminApiHandler } from './functions/admin-api/app.js';
export const handler = createAdminApiHandler(createRuntime(loadConfig()));`;

/** The English word ranks as plain text, the way they were stored before issue 19's compression. */
const plainWordRanks = () =>
  brotliDecompressSync(Buffer.from(ENGLISH_TERMS_BY_FREQUENCY_BROTLI_BASE64, 'base64')).toString('utf8');

export const BUNDLE_VARIANTS: VariantPair[] = [
  {
    choice: 'Twilio signature check: deep import of the webhooks module vs the whole twilio package',
    naive: {
      label: "import twilio from 'twilio'",
      source: `import twilio from 'twilio';
export const handler = async (e) => twilio.validateRequest(e.token, e.signature, e.url, e.params);`,
    },
    chosen: {
      label: "import webhooks from 'twilio/lib/webhooks/webhooks.js'",
      source: `import webhooks from 'twilio/lib/webhooks/webhooks.js';
export const handler = async (e) => webhooks.validateRequest(e.token, e.signature, e.url, e.params);`,
    },
  },

  {
    choice: 'Twilio webhook: the core runtime (table, secrets, queue) vs the full runtime of every function',
    naive: {
      label: 'createRuntime (every client)',
      source: `import { loadConfig } from './functions/platform/config.js';
import { createRuntime } from './functions/composition/runtime.js';
import { createTwilioWebhookHandler } from './functions/twilio-webhook/app.js';
export const handler = createTwilioWebhookHandler(createRuntime(loadConfig()));`,
    },
    chosen: {
      label: 'createCoreRuntime',
      source: TWILIO_WEBHOOK,
    },
  },
  {
    choice: 'Answer worker: the conversation runtime vs the full runtime (S3 document files, ingest queue)',
    naive: {
      label: 'createRuntime (every client)',
      source: `import { loadConfig } from './functions/platform/config.js';
import { createRuntime } from './functions/composition/runtime.js';
import { createAnswerWorkerHandler } from './functions/answer-worker/app.js';
export const handler = createAnswerWorkerHandler(createRuntime(loadConfig()));`,
    },
    chosen: {
      label: 'createConversationRuntime',
      source: ANSWER_WORKER,
    },
  },
  {
    choice: 'Twilio sender: twilio-node imported at cold start vs on the first send (dynamic import)',
    naive: {
      label: "import twilio from 'twilio'",
      source: `import twilio from 'twilio';
export const handler = async (e) => twilio(e.sid, e.token).messages.create({ to: e.to, from: e.from, body: e.body });`,
    },
    chosen: {
      label: 'createTwilioSender (import on first send)',
      source: `import { createTwilioSender } from './functions/channels/twilio/sender.js';
const sender = createTwilioSender({ credentials: async () => undefined });
export const handler = async (e) => sender.send(e);`,
    },
  },
  {
    choice:
      'Twilio sender: one form POST with fetch vs the twilio-node REST client (fetch not adopted: issue 2 keeps twilio-node)',
    naive: {
      label: 'twilio-node messages.create',
      source: `import twilio from 'twilio';
export const handler = async (e) => twilio(e.sid, e.token).messages.create({ to: e.to, from: e.from, body: e.body });`,
    },
    chosen: {
      label: 'fetch to /2010-04-01/Accounts/{sid}/Messages.json',
      source: `export const handler = async (e) => {
  const response = await fetch(\`https://api.twilio.com/2010-04-01/Accounts/\${e.sid}/Messages.json\`, {
    method: 'POST',
    headers: { authorization: \`Basic \${Buffer.from(\`\${e.sid}:\${e.token}\`).toString('base64')}\` },
    body: new URLSearchParams({ To: e.to, From: e.from, Body: e.body }),
  });
  return (await response.json()).sid;
};`,
    },
  },
  {
    choice:
      'Twilio webhook: its schemas (config, messages contract, Twilio forms) on zod/mini vs zod classic (the way before issue 19, round 3)',
    naive: {
      label: "zod classic ('zod/mini' aliased to tools/bench/zod-classic-as-mini.ts)",
      source: TWILIO_WEBHOOK,
      overrides: {
        alias: { ...houseEsbuildOptions().alias, 'zod/mini': './tools/bench/zod-classic-as-mini.ts' },
      },
    },
    chosen: { label: "import * as z from 'zod/mini'", source: TWILIO_WEBHOOK },
  },
  {
    choice:
      "Twilio webhook: AWS SDK left to the Lambda runtime's copy vs bundled (the house bundles it, to pin versions; not adopted)",
    naive: { label: 'SDK bundled (house setting)', source: TWILIO_WEBHOOK },
    chosen: {
      label: 'SDK external (@aws-sdk/*, @smithy/*)',
      source: TWILIO_WEBHOOK,
      external: ['@aws-sdk/*', '@smithy/*'],
    },
  },
  {
    choice:
      'Answer worker: twilio-node, the cl100k table and Pinecone in the vendor layer, required on first use, vs bundled (imported on first use, which esbuild inlines)',
    naive: {
      label: 'bundled (the way before issue 19)',
      source: `${ANSWER_WORKER}
export const loadLater = () => Promise.all([import('twilio'), import('gpt-tokenizer/encoding/cl100k_base'), import('@pinecone-database/pinecone')]);`,
    },
    chosen: { label: 'vendor layer (layers/vendor)', source: ANSWER_WORKER },
  },
  {
    choice:
      'Schemas: zod classic imported as a namespace (* as z) vs the named { z } (the way before issue 19)',
    naive: {
      label: "import { z } from 'zod'",
      source: `import { z } from 'zod';
const Env = z.object({ TABLE_NAME: z.string().min(1), PUBLIC_BASE_URL: z.url().optional(), MAX: z.coerce.number().int().default(3) });
export const handler = async (e) => Env.parse(e);`,
    },
    chosen: {
      label: "import * as z from 'zod'",
      source: `import * as z from 'zod';
const Env = z.object({ TABLE_NAME: z.string().min(1), PUBLIC_BASE_URL: z.url().optional(), MAX: z.coerce.number().int().default(3) });
export const handler = async (e) => Env.parse(e);`,
    },
  },
  {
    choice:
      "Twilio webhook: the SDK's full default credential chain vs its environment link alone (Lambda's credentials; esbuild alias)",
    naive: { label: 'full chain (SSO, STS, ini, IMDS)', source: TWILIO_WEBHOOK, overrides: { alias: {} } },
    chosen: { label: 'fromEnv (functions/platform/lambda-credentials.ts)', source: TWILIO_WEBHOOK },
  },
  {
    choice:
      "Secrets: SSM GetParameter as one SigV4-signed fetch (functions/platform/ssm-parameters.ts) vs Powertools' SSMProvider on @aws-sdk/client-ssm",
    naive: {
      label: 'SSMProvider + client-ssm',
      source: `import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
const provider = new SSMProvider();
export const handler = async (e) => provider.get(e.name, { decrypt: true, maxAge: 300 });`,
    },
    chosen: {
      label: 'signed fetch',
      source: `import { cachedParameterReader, createSsmParameters } from './functions/platform/ssm-parameters.js';
const read = cachedParameterReader(createSsmParameters({ region: 'us-east-1' }), 300);
export const handler = async (e) => read(e.name);`,
    },
  },
  {
    choice:
      'Admin API: the openai client and tinyld light in the vendor layer, required on first use, vs bundled (the way before this change)',
    naive: {
      label: 'bundled',
      source: `${ADMIN_API}
export const loadLater = () => Promise.all([import('openai'), import('tinyld/light')]);`,
    },
    chosen: { label: 'vendor layer (layers/vendor)', source: ADMIN_API },
  },
  {
    choice:
      'English word ranks (20,000 terms): Brotli-compressed base64, unpacked on first use, vs the plain string (the way before this change)',
    naive: {
      label: 'plain string',
      source: `const W = ${JSON.stringify(plainWordRanks())};
let ranks;
export const handler = async (e) => (ranks ??= new Map(W.split(' ').map((t, i) => [t, i + 1]))).get(e.term);`,
    },
    chosen: {
      label: 'brotli + base64 (functions/knowledge/english-word-ranks.ts)',
      source: `import { generalRarity } from './functions/knowledge/evidence.js';
export const handler = async (e) => generalRarity(e.term);`,
    },
  },
  {
    choice:
      "A call's TwiML: a small writer (functions/channels/voice/twiml-writer.ts) vs twilio-node's VoiceResponse",
    naive: {
      label: "VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js'",
      source: `import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
export const handler = async (e) => { const r = new VoiceResponse(); r.say(e.text); r.hangup(); return r.toString(); };`,
    },
    chosen: {
      label: 'twiml-writer',
      source: `import { hangUp } from './functions/channels/voice/twiml.js';
export const handler = async (e) => hangUp(e.text).body;`,
    },
  },
];
