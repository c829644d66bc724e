import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { FunctionName } from '../functions/contracts/routes.js';
import type { Plan } from '../functions/platform/plan-config.js';

/** Log level handed to Powertools and to Lambda's advanced logging controls. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * Everything that differs between stages, in one typed place. Constructs receive these values;
 * they never read context or the environment themselves.
 */
export interface PeopleSettings {
  /**
   * Owners must set up TOTP (an authenticator app) before the admin API serves them. The pool
   * offers TOTP to everyone (MFA optional in Cognito, which cannot require it for one role);
   * the admin API enforces it for owners.
   */
  readonly ownerMfaRequired: boolean;
  /** How long audit entries are kept (DynamoDB TTL); no route deletes one before. */
  readonly auditRetentionDays: number;
}

export interface StageSettings {
  /** Stage name; part of the stack name and of the SSM path `/frontdesk/<stage>/`. */
  readonly stage: string;
  readonly isProduction: boolean;
  /** Applied to the table, buckets, queues and log groups. */
  readonly removalPolicy: RemovalPolicy;
  /** Empties the buckets on stack deletion; only ever true outside production. */
  readonly autoDeleteObjects: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  /**
   * Every log group's retention. Control Tower's CT.CLOUDWATCH.PR.2 asks for a year or more;
   * a shorter stage acknowledges it (see lib/stage-log-group.ts).
   */
  readonly logRetention: RetentionDays;
  /**
   * One customer-managed KMS key for the stage encrypts every log group and the uploaded
   * documents (CT.CLOUDWATCH.PR.3, CT.S3.PR.10). It costs $1 a month plus requests, so
   * development stages keep AWS-managed encryption and acknowledge both controls.
   */
  readonly customerManagedKey: boolean;
  readonly logLevel: LogLevel;
  /** X-Ray active tracing on every function. */
  readonly tracing: boolean;
  /** Reserved concurrency per function; absent means the function shares the account pool. */
  readonly reservedConcurrency: Partial<Record<FunctionName, number>>;
  /**
   * HTTP API throttling, route by route: each webhook route and the admin API have their own
   * allowance, so junk on the admin API cannot push Twilio or Meta deliveries into 429.
   */
  readonly apiThrottle: ApiThrottle;
  /** Largest document an owner may upload through a presigned POST. */
  readonly maxUploadBytes: number;
  /**
   * How long a replaced or deleted document stays recoverable as a noncurrent version of the
   * versioned uploads bucket before S3 expires it for good.
   */
  readonly deletedDocumentRecovery: Duration;
  /** Browser origins allowed to POST uploads straight to the bucket; empty means no CORS rule. */
  readonly uploadCorsOrigins: readonly string[];
  /** FIFO event sources take at most 10 records per batch. */
  readonly answerWorker: QueueConsumerSettings;
  /** One document per batch keeps memory bounded by the largest file. */
  readonly ingestWorker: QueueConsumerSettings;
  /** Receives before a message moves to its dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Where alarm notifications go; without it the alarm topic has no subscriber. */
  readonly alarmEmail?: string;
  /** When each alarm fires; the runbook in the README says what each one means. */
  readonly alarms: AlarmThresholds;
  /** Public origin Twilio signs, when a custom domain fronts the API; else the API endpoint. */
  readonly publicBaseUrl?: string;
  /**
   * The owner console's own domain and its ACM certificate (us-east-1, as CloudFront requires).
   * With it the distribution serves TLS 1.2 or newer over SNI; without it, CloudFront's default
   * certificate cannot set a TLS floor.
   */
  readonly consoleDomain?: ConsoleDomain;
  /**
   * The stage's shared Twilio numbers (E.164): customers pick a business there with `!business`,
   * owners `!register`; no business can ever be assigned one.
   */
  readonly sharedNumbers: readonly string[];
  /** The plan of every business the platform operator has not given one of its own. */
  readonly defaultPlan: Plan;
  /** People's accounts and the audit trail. */
  readonly people: PeopleSettings;
  readonly openAi: {
    readonly chatModel: string;
    readonly embeddingModel: string;
    /** An OpenAI-compatible endpoint; absent means api.openai.com. */
    readonly baseUrl?: string;
    /**
     * The answer fallback chain after `chatModel`, each `model` or `model@baseUrl`, tried in
     * order; the extractive answerer is always the last resort.
     */
    readonly fallbackChatModels: readonly string[];
    /** Per model call: the time one attempt may take, and how many retries the SDK makes. */
    readonly chatTimeoutMs: number;
    readonly chatMaxRetries: number;
  };
  /**
   * How calls are answered: `relay` streams answers over Twilio ConversationRelay and the
   * WebSocket API; `gather` is the TwiML <Gather> fallback through the answer queue. Both keep
   * the same call log.
   */
  readonly voiceMode: 'relay' | 'gather';
  /** WebSocket API throttling (frames and connections per second across the stage). */
  readonly socketThrottle: RateLimit;
  /** Pinecone index name; absent means the embedded index. */
  readonly pineconeIndex?: string;
  /** The index's data-plane host, which spares a describeIndex call per cold start. */
  readonly pineconeHost?: string;
}

/**
 * Alarm thresholds. Every alarm looks at one `period`; a message in a dead-letter queue always
 * alarms, so it has no threshold.
 */
export interface AlarmThresholds {
  readonly period: Duration;
  /** The oldest waiting answer: beyond this a customer is already waiting too long. */
  readonly answerQueueMaxAge: Duration;
  /** The oldest waiting document: ingest may take minutes, not hours. */
  readonly ingestQueueMaxAge: Duration;
  /** Failed invocations as a percentage of invocations, per function. */
  readonly functionErrorRatePercent: number;
  /** 5xx responses of the HTTP API in one period (webhook providers retry, then give up). */
  readonly apiServerErrors: number;
  /** Answers not given by the first model of the chain, as a percentage of model answers. */
  readonly llmFallbackRatePercent: number;
  /** Documents that failed to ingest in one period. */
  readonly ingestFailures: number;
}

export interface ConsoleDomain {
  /** e.g. `console.example.com`; point a CNAME (or alias) at the `ConsoleDistributionDomain` output. */
  readonly domainName: string;
  /** `arn:aws:acm:us-east-1:<account>:certificate/<id>`, covering `domainName`. */
  readonly certificateArn: string;
}

/** Steady requests per second, and the burst above it that API Gateway lets through. */
export interface RateLimit {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiThrottle {
  /** Each `/webhooks/...` route on its own: Twilio and Meta deliveries. */
  readonly webhooks: RateLimit;
  /** The admin API (`/v1/...`), which the console calls. */
  readonly admin: RateLimit;
  /** The chat widget's public API (`/widget/...`), on its own stage: every business's visitors. */
  readonly widget: RateLimit;
  /** The stage default, for every other route (the health check). */
  readonly other: RateLimit;
}

export interface QueueConsumerSettings {
  /** Records per invocation. */
  readonly batchSize: number;
  /** Must be at least six times the worker timeout (checked when the queue is built). */
  readonly visibilityTimeout: Duration;
  /**
   * Most invocations the queue drives at once (2-1000). It caps work in flight (LLM calls,
   * embeddings) without reserving account concurrency; the queue holds the rest of a burst.
   * Absent: the reserved concurrency, if any, else no cap.
   */
  readonly maxConcurrency?: number;
}

/** Overrides that the CDK app may take from context (e.g. `-c alarmEmail=...`). */
export type StageOverrides = Partial<
  Pick<StageSettings, 'alarmEmail' | 'publicBaseUrl' | 'sharedNumbers' | 'voiceMode' | 'consoleDomain'>
>;

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;
const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const devSettings = (stage: string): StageSettings => ({
  stage,
  isProduction: false,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
  pointInTimeRecovery: false,
  deletionProtection: false,
  logRetention: RetentionDays.ONE_MONTH,
  customerManagedKey: false,
  logLevel: 'DEBUG',
  tracing: false,
  reservedConcurrency: {},
  apiThrottle: {
    webhooks: { rateLimit: 20, burstLimit: 40 },
    admin: { rateLimit: 10, burstLimit: 20 },
    widget: { rateLimit: 20, burstLimit: 40 },
    other: { rateLimit: 5, burstLimit: 10 },
  },
  maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
  deletedDocumentRecovery: Duration.days(1),
  uploadCorsOrigins: [],
  voiceMode: 'relay',
  // A call sends a few frames a second at most (prompts, interruptions, keys).
  socketThrottle: { rateLimit: 20, burstLimit: 40 },
  answerWorker: { batchSize: 5, visibilityTimeout: Duration.minutes(6), maxConcurrency: 5 },
  ingestWorker: { batchSize: 1, visibilityTimeout: Duration.minutes(30), maxConcurrency: 2 },
  maxReceiveCount: 5,
  sharedNumbers: [],
  people: { ownerMfaRequired: false, auditRetentionDays: 90 },
  defaultPlan: {
    monthlyBudgetUsd: 20,
    messagesPerMonth: 5_000,
    documents: 100,
    chunks: 5_000,
    testChatsPerMinute: 20,
    webMessagesPerDay: 500,
  },
  alarms: {
    period: Duration.minutes(5),
    answerQueueMaxAge: Duration.seconds(60),
    ingestQueueMaxAge: Duration.minutes(30),
    functionErrorRatePercent: 5,
    apiServerErrors: 5,
    llmFallbackRatePercent: 20,
    ingestFailures: 1,
  },
  openAi: {
    chatModel: 'gpt-4o-mini',
    embeddingModel: 'text-embedding-3-small',
    fallbackChatModels: ['gpt-4.1-mini'],
    // Two models of (8 s + one retry) stay inside the answer worker's 60 s with room for the rest.
    chatTimeoutMs: 8_000,
    chatMaxRetries: 1,
  },
});

const prodSettings = (): StageSettings => ({
  ...devSettings('prod'),
  isProduction: true,
  removalPolicy: RemovalPolicy.RETAIN,
  autoDeleteObjects: false,
  pointInTimeRecovery: true,
  deletionProtection: true,
  // A year, as Control Tower's CT.CLOUDWATCH.PR.2 asks, encrypted with the stage's own key.
  logRetention: RetentionDays.ONE_YEAR,
  customerManagedKey: true,
  deletedDocumentRecovery: Duration.days(7),
  logLevel: 'INFO',
  tracing: true,
  // Only the queue workers: they bound concurrent LLM and embedding spend. Capping the webhooks
  // would turn bursts into throttled requests that Twilio does not retry.
  reservedConcurrency: { 'answer-worker': 10, 'ingest-worker': 4 },
  // Polling no faster than the reserved concurrency keeps throttles from burning receives.
  answerWorker: { ...devSettings('prod').answerWorker, maxConcurrency: 10 },
  ingestWorker: { ...devSettings('prod').ingestWorker, maxConcurrency: 4 },
  socketThrottle: { rateLimit: 100, burstLimit: 200 },
  apiThrottle: {
    webhooks: { rateLimit: 100, burstLimit: 200 },
    admin: { rateLimit: 50, burstLimit: 100 },
    widget: { rateLimit: 100, burstLimit: 200 },
    other: { rateLimit: 10, burstLimit: 20 },
  },
  // Owners can change everything of a business: on production they must use an authenticator app.
  // Audit entries are kept a year and a month, so a whole year can be looked back on.
  people: { ownerMfaRequired: true, auditRetentionDays: 400 },
  alarms: {
    ...devSettings('prod').alarms,
    // A busier stage has room for the odd failed document before anyone must look.
    ingestFailures: 3,
  },
});

/**
 * Settings for a stage. `prod` is production; any other valid name gets the development
 * profile, so `-c stage=alice` deploys a disposable copy.
 *
 * @example
 * const settings = settingsForStage('prod', { alarmEmail: 'ops@example.com' });
 */
export const settingsForStage = (stage: string, overrides: StageOverrides = {}): StageSettings => {
  if (!STAGE_NAME.test(stage)) {
    throw new Error(
      `Invalid stage name "${stage}": use 1-20 lowercase letters, digits or dashes, starting with a letter.`,
    );
  }
  const base = stage === 'prod' ? prodSettings() : devSettings(stage);
  for (const number of overrides.sharedNumbers ?? []) {
    if (!/^\+[1-9]\d{6,14}$/.test(number))
      throw new Error(`Invalid shared number "${number}": use E.164, e.g. +14155238886`);
  }
  if (overrides.consoleDomain) assertConsoleDomain(overrides.consoleDomain);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
};

const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CLOUDFRONT_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

const assertConsoleDomain = ({ domainName, certificateArn }: ConsoleDomain): void => {
  if (!DOMAIN_NAME.test(domainName))
    throw new Error(
      `Invalid console domain "${domainName}": use a lowercase host name, e.g. console.example.com`,
    );
  if (!CLOUDFRONT_CERTIFICATE_ARN.test(certificateArn))
    throw new Error(
      `Invalid console certificate "${certificateArn}": CloudFront needs an ACM certificate in us-east-1, e.g. arn:aws:acm:us-east-1:123456789012:certificate/<uuid>`,
    );
};
