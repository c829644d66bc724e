import * as z from 'zod/mini';
import type { ConfigName } from '../contracts/environment.js';
import { SECRET_NAMES, type SecretName } from '../contracts/routes.js';
import { ANSWER_ENV, type AnswerConfig, toAnswerConfig } from './answer-config.js';
import { defaultMaxInflatedBytes, type ExtractionLimits } from './extraction-limits.js';
import { MEDIA_ENV, type MediaConfig, toMediaConfig } from './media-config.js';
import { PLAN_ENV, type Plan, toDefaultPlan } from './plan-config.js';
import { toWidgetConfig, WIDGET_ENV, type WidgetConfig } from './widget-config.js';
import './zod-locale.js';

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 *
 * In Lambda the secrets are not in the environment: only `SECRETS_PATH` (the SSM path) is, and
 * values are read at run time through the cached secrets provider. Locally the same names may be
 * set directly (environment or `.env`).
 */
const EnvSchema = z.object({
  STAGE: z._default(z.string(), 'local'),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  TABLE_NAME: z._default(z.string(), 'frontdesk'),
  ANSWER_QUEUE_URL: z.optional(z.string()),
  UPLOADS_BUCKET: z._default(z.string(), 'frontdesk-uploads'),
  PUBLIC_BASE_URL: z.optional(z.url()),
  SECRETS_PATH: z.optional(z.string()),
  OPENAI_BASE_URL: z.optional(z.url()),
  OPENAI_MODEL: z._default(z.string(), 'gpt-4o-mini'),
  PINECONE_INDEX: z.optional(z.string()),
  /** The index's data-plane host: no describeIndex per cold start; tests point it at a local server. */
  PINECONE_HOST: z.optional(z.string()),
  OPENAI_EMBEDDING_MODEL: z._default(z.string(), 'text-embedding-3-small'),
  INGEST_QUEUE_URL: z.optional(z.string()),
  MAX_UPLOAD_BYTES: positiveInt(25 * 1024 * 1024),
  /** The ingest queue's maxReceiveCount: the last receive marks a crashing document failed. */
  INGEST_MAX_RECEIVE_COUNT: positiveInt(5),
  /** Bytes a document may expand to when opened (zip entries, PDF streams); default from MAX_UPLOAD_BYTES. */
  EXTRACT_MAX_INFLATED_BYTES: z.optional(
    z.coerce.number().check(z.int(), z.positive(), z.maximum(2 * 1024 ** 3)),
  ),
  /** Wall time one extraction may take before its worker thread is stopped. */
  EXTRACT_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.positive()), 60),
  /** The extraction worker thread's V8 heap. */
  EXTRACT_MAX_HEAP_MB: z._default(z.coerce.number().check(z.int(), z.minimum(32)), 512),
  /** How far the process's resident memory may grow during one extraction (heap and buffers). */
  EXTRACT_MAX_MEMORY_MB: z._default(z.coerce.number().check(z.int(), z.minimum(64)), 1024),
  /** Who reads photos and scanned PDFs: `textract` (AWS), `local` (embedded Tesseract), `off`. */
  OCR_ENGINE: z._default(z.enum(['textract', 'local', 'off']), 'local'),
  /** Scanned pages read per document. */
  OCR_MAX_PAGES: positiveInt(20),
  /** Wall time for one document's OCR (Tesseract reads a page in a few seconds). */
  OCR_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.positive()), 240),
  TWILIO_API_BASE_URL: z.optional(z.url()),
  META_GRAPH_VERSION: z._default(
    z.string().check(z.regex(/^v\d+\.\d+$/, 'META_GRAPH_VERSION looks like v25.0')),
    'v25.0',
  ),
  META_GRAPH_BASE_URL: z._default(z.url(), 'https://graph.facebook.com'),
  CONVERSATION_TTL_DAYS: positiveInt(90),
  /**
   * How calls are answered: `relay` streams answers over Twilio ConversationRelay and the
   * WebSocket API (needs VOICE_RELAY_URL); `gather` is the TwiML <Gather> path through the queue.
   */
  VOICE_MODE: z.optional(z.enum(['relay', 'gather'])),
  /** The WebSocket API's wss:// URL that Twilio connects calls to (and signs). */
  VOICE_RELAY_URL: z.optional(
    z.string().check(z.regex(/^wss?:\/\/[^\s?#]+$/, 'VOICE_RELAY_URL is a ws(s):// URL without a query')),
  ),
  /** The `@connections` endpoint, when it is not https://{domainName}/{stage} (the local stack). */
  SOCKET_CALLBACK_URL: z.optional(z.url()),
  /**
   * The stage's shared Twilio numbers (E.164, comma separated): customers pick a business there
   * with `!business`, owners `!register`; no business can ever claim one.
   */
  SHARED_NUMBERS: z.pipe(
    z.pipe(
      z._default(z.string(), ''),
      z.transform((list: string) =>
        list
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      ),
    ),
    z.array(
      z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'SHARED_NUMBERS are E.164 numbers, e.g. +14155238886')),
    ),
  ),
  /** How long audit entries are kept (a stage setting; they leave by TTL, never by a route). */
  AUDIT_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.positive(), z.maximum(3650)), 365),
  /** The stage's Cognito user pool and the console's app client (people's sign-in). */
  USER_POOL_ID: z.optional(
    z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'USER_POOL_ID looks like us-east-1_AbC123')),
  ),
  USER_POOL_CLIENT_ID: z.optional(z.string()),
  /** Owners must have TOTP set up before the admin API serves them (prod). */
  OWNER_MFA_REQUIRED: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((v: 'true' | 'false') => v === 'true'),
  ),
  /** How long an export archive's download link lasts. */
  EXPORT_LINK_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive(), z.maximum(604_800)), 900),
  ...PLAN_ENV,
  ...ANSWER_ENV,
  ...MEDIA_ENV,
  ...WIDGET_ENV,
});

/** The schema reads exactly the contract's names (`contracts/environment.ts`), no more, no fewer. */
type SchemaName = keyof z.infer<typeof EnvSchema>;
type Unlisted = Exclude<SchemaName, ConfigName> | Exclude<ConfigName, SchemaName>;
const READS_THE_CONTRACT: [Unlisted] extends [never] ? true : never = true;
void READS_THE_CONTRACT;

export interface Config {
  stage: string;
  region: string;
  tableName: string;
  answerQueueUrl: string | undefined;
  uploadsBucket: string;
  /** The public origin (and any path prefix) that Twilio signs; no trailing slash. */
  publicBaseUrl: string | undefined;
  /** SSM path of this stage's secrets, e.g. `/frontdesk/dev/`. */
  secretsPath: string | undefined;
  /** Secret values given directly (local runs). */
  secrets: Partial<Record<SecretName, string>>;
  openai: { baseUrl: string | undefined; model: string; embeddingModel: string };
  pinecone: { index: string | undefined; host: string | undefined };
  ingest: {
    queueUrl: string | undefined;
    maxUploadBytes: number;
    maxReceiveCount: number;
    /** Hard limits every document extraction runs under. */
    extraction: ExtractionLimits;
    ocr: { engine: 'textract' | 'local' | 'off'; maxPages: number; timeoutMs: number };
  };
  /** Override of the Twilio REST origin, for a local server that speaks its API. */
  twilioApiBaseUrl: string | undefined;
  /** Graph API version and origin (a local server that speaks the Graph API in tests). */
  meta: { graphVersion: string; graphBaseUrl: string };
  conversationTtlDays: number;
  /** Phone calls: ConversationRelay over the WebSocket API, or the <Gather> fallback. */
  voice: { mode: 'relay' | 'gather'; relayUrl: string | undefined; callbackUrl: string | undefined };
  /** The stage's shared Twilio numbers (E.164): never claimable by a business. */
  sharedNumbers: readonly string[];
  /** The plan a business has until the platform operator sets its own. */
  defaultPlan: Plan;
  /** The answer engine: model chain, limits, bursts, handoff. */
  answers: AnswerConfig;
  /** Customers' voice notes and photos: transcription model and limits. */
  media: MediaConfig;
  audit: { retentionDays: number };
  /** People's sign-in: the user pool, its console client, and whether owners need MFA. */
  identity: { userPoolId: string | undefined; clientId: string | undefined; ownerMfaRequired: boolean };
  exports: { linkSeconds: number };
  /** The website chat widget's limits (sessions, message size, rates). */
  widget: WidgetConfig;
}

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = EnvSchema.parse(env);
  const secrets: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const value = env[name];
    if (value) secrets[name] = value;
  }
  return {
    stage: parsed.STAGE,
    region: parsed.AWS_REGION,
    tableName: parsed.TABLE_NAME,
    answerQueueUrl: parsed.ANSWER_QUEUE_URL,
    uploadsBucket: parsed.UPLOADS_BUCKET,
    publicBaseUrl: parsed.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    secretsPath: parsed.SECRETS_PATH,
    secrets,
    openai: {
      baseUrl: parsed.OPENAI_BASE_URL,
      model: parsed.OPENAI_MODEL,
      embeddingModel: parsed.OPENAI_EMBEDDING_MODEL,
    },
    pinecone: { index: parsed.PINECONE_INDEX, host: parsed.PINECONE_HOST },
    ingest: {
      queueUrl: parsed.INGEST_QUEUE_URL,
      maxUploadBytes: parsed.MAX_UPLOAD_BYTES,
      maxReceiveCount: parsed.INGEST_MAX_RECEIVE_COUNT,
      ocr: {
        engine: parsed.OCR_ENGINE,
        maxPages: parsed.OCR_MAX_PAGES,
        timeoutMs: Math.round(parsed.OCR_TIMEOUT_SECONDS * 1000),
      },
      extraction: {
        maxInflatedBytes:
          parsed.EXTRACT_MAX_INFLATED_BYTES ?? defaultMaxInflatedBytes(parsed.MAX_UPLOAD_BYTES),
        timeoutMs: Math.round(parsed.EXTRACT_TIMEOUT_SECONDS * 1000),
        maxHeapMb: parsed.EXTRACT_MAX_HEAP_MB,
        maxMemoryMb: parsed.EXTRACT_MAX_MEMORY_MB,
      },
    },
    twilioApiBaseUrl: parsed.TWILIO_API_BASE_URL,
    meta: {
      graphVersion: parsed.META_GRAPH_VERSION,
      graphBaseUrl: parsed.META_GRAPH_BASE_URL.replace(/\/+$/, ''),
    },
    conversationTtlDays: parsed.CONVERSATION_TTL_DAYS,
    voice: {
      // Without a relay URL there is nothing to connect a call to: the Gather path answers.
      mode: parsed.VOICE_RELAY_URL ? (parsed.VOICE_MODE ?? 'relay') : 'gather',
      relayUrl: parsed.VOICE_RELAY_URL?.replace(/\/+$/, ''),
      callbackUrl: parsed.SOCKET_CALLBACK_URL?.replace(/\/+$/, ''),
    },
    sharedNumbers: parsed.SHARED_NUMBERS,
    defaultPlan: toDefaultPlan(parsed),
    answers: toAnswerConfig(parsed, { model: parsed.OPENAI_MODEL, baseUrl: parsed.OPENAI_BASE_URL }),
    media: toMediaConfig(parsed),
    audit: { retentionDays: parsed.AUDIT_RETENTION_DAYS },
    identity: {
      userPoolId: parsed.USER_POOL_ID,
      clientId: parsed.USER_POOL_CLIENT_ID,
      ownerMfaRequired: parsed.OWNER_MFA_REQUIRED,
    },
    exports: { linkSeconds: parsed.EXPORT_LINK_SECONDS },
    widget: toWidgetConfig(parsed),
  };
};
