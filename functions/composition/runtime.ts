import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { stageNameOf, withAnswerMetrics } from '../answer/answer-metrics.js';
import type { Answerer } from '../answer/answerer.js';
import { createAnswerer, createQueryRewriter } from '../answer/choose-answerer.js';
import type { QueryRewriter } from '../answer/query-rewriter.js';
import {
  type ChannelTokenStore,
  createMemoryChannelTokens,
  createMetaTokenResolver,
  createSsmChannelTokens,
} from '../channels/meta/channel-tokens.js';
import { createGraphClient } from '../channels/meta/graph-client.js';
import { withMessagingWindow } from '../channels/meta/messaging-window.js';
import { createMetaGraphSender } from '../channels/meta/sender.js';
import { withSendMetrics } from '../channels/send-metrics.js';
import { createTwilioSender } from '../channels/twilio/sender.js';
import { withVoiceAnswers } from '../channels/voice/voice-sender.js';
import { createWebSender } from '../channels/web/sender.js';
import type { Channel, ChannelSender, InboundMessage } from '../contracts/messages.js';
import { createS3TenantFiles, type TenantFiles } from '../data-rights/tenant-files.js';
import { createS3DocumentFiles, type DocumentFiles } from '../ingest/document-files.js';
import { createSqsIngestQueue, type IngestQueue } from '../ingest/ingest-queue.js';
import { createKnowledgeIndex } from '../knowledge/choose-index.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { withRetrievalMetrics } from '../knowledge/retrieval-metrics.js';
import { createMediaFetcher } from '../media/fetch-media.js';
import { createOpenAiTranscriber } from '../media/transcriber.js';
import type { MediaDeps } from '../media/understand-media.js';
import { createCognitoIdentity } from '../people/cognito-identity.js';
import { type IdentityProvider, noIdentityProvider } from '../people/identity-provider.js';
import { createTokenVerifier, type TokenVerifier } from '../people/token-verifier.js';
import type { Config } from '../platform/config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { MessageQueue } from '../queue/answer-queue.js';
import type { ConnectionPoster } from '../realtime/connection-poster.js';
import { createSignedFetchPoster } from '../realtime/signed-fetch-poster.js';
import { resolveTenantByAddress } from '../store/channel-routes.js';
import type { Table, TableOptions } from '../store/client.js';
import { createSentParts } from '../store/sent-parts.js';
import { createCoreRuntime } from './core-runtime.js';

/**
 * Everything a handler needs, chosen once per process. In Lambda the defaults are the AWS
 * services named by the configuration; the local stack passes its own queue, outbox sender and
 * endpoints. Handlers receive a `Runtime` and never build clients themselves.
 */
export interface Runtime {
  config: Config;
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
  senders: Partial<Record<InboundMessage['provider'], ChannelSender>>;
  knowledge: KnowledgeIndex;
  answerer: Answerer;
  /** With a model: the rewrite of follow-ups and of the query into the knowledge's language. */
  rewriter?: QueryRewriter;
  /** Meta access tokens of claimed addresses (SSM in AWS). */
  channelTokens: ChannelTokenStore;
  /** Customers' voice notes and photos: fetched with the channel's credentials, transcribed. */
  media?: MediaDeps;
  /** People's accounts (the stage's Cognito user pool; a local issuer under npm start). */
  identity: IdentityProvider;
  /** Verifies a person's ID token; absent where no user pool is configured (only keys work). */
  verifyToken?: TokenVerifier;
  /** Uploaded documents (the uploads bucket). */
  files: DocumentFiles;
  /** A business's objects in the uploads bucket as a whole: exports, and deletion of a business. */
  tenantFiles: TenantFiles;
  ingestQueue: IngestQueue;
}

export interface RuntimeOverrides extends Partial<Runtime> {
  dynamo?: Omit<TableOptions, 'region'>;
  /**
   * What actually sends, per provider (the local stack's outbox). Each is wrapped in the same
   * checks as the real API's (the 24-hour window, call answers, send metrics), so a process that
   * swaps the transport cannot drift from the Lambdas.
   */
  transports?: Partial<Record<InboundMessage['provider'], ChannelSender>>;
  /** The WebSocket API's `@connections` client (the local stack's signs with its local keys). */
  connectionPoster?: { forEndpoint(endpoint: string): ConnectionPoster };
}

export const createRuntime = (config: Config, overrides: RuntimeOverrides = {}): Runtime => ({
  ...createConversationRuntime(config, overrides),
  files:
    overrides.files ?? createS3DocumentFiles(new S3Client({ region: config.region }), config.uploadsBucket),
  tenantFiles:
    overrides.tenantFiles ??
    createS3TenantFiles(new S3Client({ region: config.region }), config.uploadsBucket),
  ingestQueue:
    overrides.ingestQueue ??
    createSqsIngestQueue(new SQSClient({ region: config.region }), config.ingest.queueUrl),
});

/** The runtime without the uploads bucket and the ingest queue: what the answer worker uses. */
export type ConversationRuntime = Omit<Runtime, 'files' | 'tenantFiles' | 'ingestQueue'>;

/**
 * Core, channel senders, knowledge and answerer, for the answer worker: its bundle then carries
 * no S3 client or presigned POST (`npm run bench`).
 */
export const createConversationRuntime = (
  config: Config,
  overrides: RuntimeOverrides = {},
): ConversationRuntime => {
  const core = createCoreRuntime(config, overrides);
  const { table, secrets } = core;
  const channelTokens =
    overrides.channelTokens ??
    (config.secretsPath
      ? createSsmChannelTokens({ secretsPath: config.secretsPath, region: config.region })
      : createMemoryChannelTokens());
  const answerer = withAnswerMetrics(overrides.answerer ?? createAnswerer(config, secrets), {
    primaryStage: config.answers.chain[0] && stageNameOf(config.answers.chain[0]),
  });
  return {
    ...core,
    channelTokens,
    media: overrides.media ?? defaultMediaDeps(config, { secrets, table, tokens: channelTokens, answerer }),
    ...peopleOf(config, overrides),
    senders: withSendMetrics(
      overrides.senders ??
        channelSenders(
          config,
          { secrets, table, tokens: channelTokens, connectionPoster: overrides.connectionPoster },
          overrides.transports,
        ),
    ),
    knowledge: withRetrievalMetrics(overrides.knowledge ?? createKnowledgeIndex(config, table, secrets)),
    answerer,
    rewriter: 'rewriter' in overrides ? overrides.rewriter : createQueryRewriter(config, secrets),
  };
};

/**
 * Voice notes are transcribed when an OpenAI key (or a compatible server) is configured; photos
 * are fetched only when a model in the chain sees images.
 */
export const defaultMediaDeps = (
  config: Config,
  deps: { secrets: SecretStore; table: Table; tokens: ChannelTokenStore; answerer: Answerer },
): MediaDeps => {
  const metaToken = createMetaTokenResolver({
    ...deps,
    claimedBy: (channel, address) => resolveTenantByAddress(deps.table, channel, address),
  });
  const transcribes = Boolean(config.secrets.OPENAI_API_KEY || config.openai.baseUrl || config.secretsPath);
  return {
    fetcher: createMediaFetcher({
      graph: { baseUrl: config.meta.graphBaseUrl, version: config.meta.graphVersion },
      metaToken: (channel, address) =>
        metaToken({ provider: 'meta', channel: channel as Channel, from: address, to: '', text: '' }),
      twilioCredentials: async () => {
        const [accountSid, authToken] = await Promise.all([
          deps.secrets.get('TWILIO_ACCOUNT_SID'),
          deps.secrets.get('TWILIO_AUTH_TOKEN'),
        ]);
        return accountSid && authToken ? { accountSid, authToken } : undefined;
      },
      twilioApiBaseUrl: config.twilioApiBaseUrl,
    }),
    transcriber: transcribes
      ? createOpenAiTranscriber({
          apiKey: () => deps.secrets.get('OPENAI_API_KEY'),
          baseUrl: config.openai.baseUrl,
          model: config.media.transcribeModel,
        })
      : undefined,
    seesImages: Boolean(deps.answerer.seesImages),
    limits: config.media,
  };
};

/** The user pool named by the configuration, or none (API keys still work). */
const peopleOf = (config: Config, overrides: RuntimeOverrides): Pick<Runtime, 'identity' | 'verifyToken'> => {
  const { userPoolId, clientId } = config.identity;
  return {
    identity:
      overrides.identity ??
      (userPoolId ? createCognitoIdentity({ userPoolId, region: config.region }) : noIdentityProvider()),
    verifyToken:
      overrides.verifyToken ??
      (userPoolId && clientId ? createTokenVerifier({ userPoolId, clientId }) : undefined),
  };
};

const defaultTwilioSender = (config: Config, secrets: SecretStore): ChannelSender =>
  createTwilioSender({
    credentials: async () => {
      const [accountSid, authToken] = await Promise.all([
        secrets.get('TWILIO_ACCOUNT_SID'),
        secrets.get('TWILIO_AUTH_TOKEN'),
      ]);
      return accountSid && authToken ? { accountSid, authToken } : undefined;
    },
    apiBaseUrl: config.twilioApiBaseUrl,
    statusCallbackUrl: (message) =>
      config.publicBaseUrl && message.tenantId
        ? `${config.publicBaseUrl}/webhooks/twilio/status?tenant=${encodeURIComponent(message.tenantId)}`
        : undefined,
  });

/**
 * Every provider's sender: its transport (the real API unless one is handed in) inside the
 * checks every send passes: WhatsApp's 24-hour window on both providers (through Twilio too),
 * and a call's answer kept for the call to speak instead of sent.
 */
export const channelSenders = (
  config: Config,
  deps: {
    secrets: SecretStore;
    table: Table;
    tokens: ChannelTokenStore;
    connectionPoster?: RuntimeOverrides['connectionPoster'];
  },
  transports: RuntimeOverrides['transports'] = {},
): Record<InboundMessage['provider'], ChannelSender> => ({
  twilio: withVoiceAnswers(
    withMessagingWindow(transports.twilio ?? defaultTwilioSender(config, deps.secrets), {
      table: deps.table,
      provider: 'twilio',
    }),
    deps.table,
  ),
  meta: withMessagingWindow(transports.meta ?? metaGraphSender(config, deps), { table: deps.table }),
  // Website visitors: stored for polling, posted to their open pages (SOCKET_CALLBACK_URL).
  web: transports.web ?? webSender(config, deps.table, deps.connectionPoster),
});

/**
 * Website visitors' replies: stored for polling, and posted to their open pages through the
 * WebSocket API's `@connections` endpoint (SOCKET_CALLBACK_URL) when the function knows it.
 */
const webSender = (
  config: Config,
  table: Table,
  poster: RuntimeOverrides['connectionPoster'] = createSignedFetchPoster({ region: config.region }),
): ChannelSender =>
  createWebSender({
    table,
    connections: config.voice.callbackUrl ? poster.forEndpoint(config.voice.callbackUrl) : undefined,
    ttlDays: config.conversationTtlDays,
  });

/** WhatsApp Cloud API, Messenger and Instagram through the Graph API, each with its claimed token. */
const metaGraphSender = (
  config: Config,
  deps: { secrets: SecretStore; table: Table; tokens: ChannelTokenStore },
): ChannelSender =>
  createMetaGraphSender({
    graph: createGraphClient({ baseUrl: config.meta.graphBaseUrl, version: config.meta.graphVersion }),
    accessToken: createMetaTokenResolver({
      ...deps,
      claimedBy: (channel, address) => resolveTenantByAddress(deps.table, channel, address),
    }),
    sentParts: createSentParts(deps.table),
  });
