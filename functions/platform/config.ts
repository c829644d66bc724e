import * as z from 'zod';
import { defaultMaxInflatedBytes, type ExtractionLimits } from '../ingest/extraction-limits.js';
import { ANSWER_ENV, type AnswerConfig, toAnswerConfig } from './answer-config.js';
import { PLAN_ENV, type Plan, toDefaultPlan } from './plan-config.js';
import { SECRET_NAMES, type SecretName } from './routes.js';

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 *
 * In Lambda the secrets are not in the environment: only `SECRETS_PATH` (the SSM path) is, and
 * values are read at run time through the cached secrets provider. Locally the same names may be
 * set directly (environment or `.env`).
 */
const EnvSchema = z.object({
  STAGE: z.string().default('local'),
  AWS_REGION: z.string().default('us-east-1'),
  TABLE_NAME: z.string().default('frontdesk'),
  ANSWER_QUEUE_URL: z.string().optional(),
  UPLOADS_BUCKET: z.string().default('frontdesk-uploads'),
  PUBLIC_BASE_URL: z.url().optional(),
  SECRETS_PATH: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  PINECONE_INDEX: z.string().optional(),
  /** The index's data-plane host: no describeIndex per cold start; tests point it at a local server. */
  PINECONE_HOST: z.string().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  INGEST_QUEUE_URL: z.string().optional(),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  /** The ingest queue's maxReceiveCount: the last receive marks a crashing document failed. */
  INGEST_MAX_RECEIVE_COUNT: z.coerce.number().int().positive().default(5),
  /** Bytes a document may expand to when opened (zip entries, PDF streams); default from MAX_UPLOAD_BYTES. */
  EXTRACT_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(2 * 1024 ** 3)
    .optional(),
  /** Wall time one extraction may take before its worker thread is stopped. */
  EXTRACT_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  /** The extraction worker thread's V8 heap. */
  EXTRACT_MAX_HEAP_MB: z.coerce.number().int().min(32).default(512),
  /** How far the process's resident memory may grow during one extraction (heap and buffers). */
  EXTRACT_MAX_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  TWILIO_API_BASE_URL: z.url().optional(),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'META_GRAPH_VERSION looks like v25.0')
    .default('v25.0'),
  META_GRAPH_BASE_URL: z.url().default('https://graph.facebook.com'),
  CONVERSATION_TTL_DAYS: z.coerce.number().int().positive().default(90),
  /**
   * The stage's shared Twilio numbers (E.164, comma separated): customers pick a business there
   * with `!business`, owners `!register`; no business can ever claim one.
   */
  SHARED_NUMBERS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'SHARED_NUMBERS are E.164 numbers, e.g. +14155238886')),
    ),
  ...PLAN_ENV,
  ...ANSWER_ENV,
});

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
  };
  /** Override of the Twilio REST origin, for a local server that speaks its API. */
  twilioApiBaseUrl: string | undefined;
  /** Graph API version and origin (a local server that speaks the Graph API in tests). */
  meta: { graphVersion: string; graphBaseUrl: string };
  conversationTtlDays: number;
  /** The stage's shared Twilio numbers (E.164): never claimable by a business. */
  sharedNumbers: readonly string[];
  /** The plan a business has until the platform operator sets its own. */
  defaultPlan: Plan;
  /** The answer engine: model chain, limits, bursts, handoff. */
  answers: AnswerConfig;
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
    sharedNumbers: parsed.SHARED_NUMBERS,
    defaultPlan: toDefaultPlan(parsed),
    answers: toAnswerConfig(parsed, { model: parsed.OPENAI_MODEL, baseUrl: parsed.OPENAI_BASE_URL }),
  };
};
