import { Duration } from 'aws-cdk-lib';
import { type FunctionName, HTTP_ROUTES } from '../functions/platform/routes.js';
import type { UploadOperation } from './uploads-bucket.js';

/** What a function needs from the platform: its size and the data it may touch. */
export interface FunctionProfile {
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly tableAccess: 'read' | 'readWrite';
  readonly uploads: readonly UploadOperation[];
  /** Sends reindex requests to the ingest queue. */
  readonly enqueuesIngest: boolean;
  /** Puts messages on the answer queue besides the webhooks (an owner's reply to a customer). */
  readonly enqueuesAnswers: boolean;
}

const DEFAULT_PROFILE: FunctionProfile = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  tableAccess: 'readWrite',
  uploads: [],
  enqueuesIngest: false,
  enqueuesAnswers: false,
};

/**
 * Stage-independent sizing and access per function. A function missing here gets the default,
 * so a new route works before anyone tunes it.
 */
const PROFILES: Partial<Record<FunctionName, Partial<FunctionProfile>>> = {
  // Memory buys CPU: the webhook answers on the customer's clock (p99 well under a second).
  'twilio-webhook': { memorySize: 1024, timeout: Duration.seconds(10) },
  'meta-webhook': { memorySize: 1024, timeout: Duration.seconds(10) },
  // LLM calls with a fallback chain; the queue's visibility timeout is derived from this.
  'answer-worker': { memorySize: 1024, timeout: Duration.seconds(60) },
  // Signs presigned POSTs, deletes documents and asks for reindexing.
  // Search embeds the query first, hence more time than a plain CRUD call.
  'admin-api': {
    memorySize: 1024,
    timeout: Duration.seconds(20),
    uploads: ['put', 'delete'],
    enqueuesIngest: true,
    // POST /v1/conversations/{id}/messages: the answer worker sends it with the channel's keys.
    enqueuesAnswers: true,
  },
  // Extracts, chunks and embeds one document at a time; removes files it rejects.
  'ingest-worker': { memorySize: 2048, timeout: Duration.minutes(5), uploads: ['read', 'delete'] },
  // A liveness check may read one item, never write.
  health: { memorySize: 256, timeout: Duration.seconds(5), tableAccess: 'read' },
};

export const profileFor = (name: FunctionName): FunctionProfile => ({
  ...DEFAULT_PROFILE,
  ...PROFILES[name],
});

/** Functions that serve at least one HTTP route, in contract order. */
export const routedFunctionNames = (): FunctionName[] => [
  ...new Set(HTTP_ROUTES.map((route) => route.functionName)),
];

/** Functions behind `/webhooks/...`: they verify provider signatures and enqueue answers. */
export const webhookFunctionNames = (): FunctionName[] => [
  ...new Set(
    HTTP_ROUTES.filter((route) => route.path.startsWith('/webhooks/')).map((route) => route.functionName),
  ),
];
