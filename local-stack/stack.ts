import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { buildConsole, CONSOLE_BUILD_DIR, consoleBuildIsStale } from '../console/build.js';
import { createAdminApiHandler } from '../functions/admin-api/app.js';
import { createAnswerWorkerHandler } from '../functions/answer-worker/app.js';
import { splitForMetaChannel } from '../functions/channels/meta/limits.js';
import { TWILIO_BODY_LIMIT } from '../functions/channels/twilio/sender.js';
import { createRuntime, type Runtime } from '../functions/composition/runtime.js';
import { HTTP_ROUTES, SOCKET_STAGE } from '../functions/contracts/routes.js';
import { createS3TenantFiles } from '../functions/data-rights/tenant-files.js';
import { createHealthHandler } from '../functions/health/app.js';
import { createS3DocumentFiles } from '../functions/ingest/document-files.js';
import { createIngestWorkerHandler } from '../functions/ingest-worker/app.js';
import { createMetaWebhookHandler } from '../functions/meta-webhook/app.js';
import { createTokenVerifier } from '../functions/people/token-verifier.js';
import { loadConfig } from '../functions/platform/config.js';
import { createApiGatewayPoster } from '../functions/realtime/connection-poster.js';
import { createSignedFetchPoster } from '../functions/realtime/signed-fetch-poster.js';
import { createTwilioWebhookHandler } from '../functions/twilio-webhook/app.js';
import { createWebChatHandler } from '../functions/web-chat/app.js';
import { createWebSocketHandler } from '../functions/websocket/app.js';
import { createWidgetFiles, DEMO_SITE_PATH, WIDGET_PATH } from '../widget/serve.js';
import { createLocalChannelTokens } from './channel-tokens.js';
import { CONSOLE_PATH, createConsoleFiles } from './console-files.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from './dynamo.js';
import { createApiRouter, send } from './http-server.js';
import { createLocalCognitoRoutes, LOCAL_COGNITO_PATH } from './identity/cognito-routes.js';
import { LocalUserPool, type Mail } from './identity/local-user-pool.js';
import { localLambdaContext } from './lambda-context.js';
import { createLambdaPool } from './lambda-pool.js';
import { createOutboxSender, LocalJournal, type OutboxEntry } from './outbox.js';
import { type DeadLetter, LocalQueue } from './queue.js';
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from './s3.js';
import { LocalSocketApi } from './socket-api.js';
import { explainListenFailure } from './start-errors.js';
import { lockStateDir } from './state-lock.js';

/** Signs and verifies Twilio webhooks locally when no real TWILIO_AUTH_TOKEN is configured. */
export const LOCAL_TWILIO_AUTH_TOKEN = 'local-twilio-auth-token';

/** Sign and verify Meta webhooks locally when no real META_APP_SECRET / META_VERIFY_TOKEN is set. */
export const LOCAL_META_APP_SECRET = 'local-meta-app-secret';
export const LOCAL_META_VERIFY_TOKEN = 'local-meta-verify-token';

/** The local stage's shared number (Twilio's WhatsApp sandbox number), unless SHARED_NUMBERS says otherwise. */
export const LOCAL_SHARED_NUMBER = '+14155238886';

/** The local user pool's id (Cognito's `<region>_<id>` form, so the same verifier accepts its tokens) and client. */
export const LOCAL_USER_POOL_ID = (region: string) => `${region}_LocalPool`;
export const LOCAL_USER_POOL_CLIENT_ID = 'local-console-client';

export interface LocalStackOptions {
  /** Configuration by the names of DESIGN.md §4; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** 0 picks a free port. Defaults to `PORT`, else 3000. */
  port?: number;
  /** A directory, or ':memory:' to touch no disk. Defaults to `FRONTDESK_STATE_DIR`, else `.frontdesk`. */
  stateDir?: string;
  queue?: { visibilityTimeoutMs?: number; maxReceiveCount?: number };
  /** Replace runtime parts (tests use this to inject faults). */
  overrides?: Partial<Runtime>;
  /**
   * Consumes the answer queue instead of the in-process handler (the fault runs hand each batch
   * to a worker process they can kill).
   */
  answerWorker?: (event: SQSEvent) => Promise<unknown>;
}

export interface LocalStack {
  url: string;
  /** The origin Twilio webhooks are signed for: `PUBLIC_BASE_URL`, else `url`. */
  publicBaseUrl: string;
  port: number;
  stateDir: string;
  /** The local S3 (s3rver) endpoint; path-style, with LOCAL_S3_CREDENTIALS. */
  s3Endpoint: string;
  /** The WebSocket API Twilio ConversationRelay connects calls to. */
  socketUrl: string;
  /** The local DynamoDB (dynalite) endpoint, with LOCAL_AWS_CREDENTIALS. */
  dynamoEndpoint: string;
  providers: Record<string, string>;
  runtime: Runtime;
  outbox: LocalJournal<OutboxEntry>;
  deadLetters: LocalJournal<DeadLetter>;
  /** E-mail that would have been sent (invitations, codes): `GET /_local/mailbox`. */
  mailbox: LocalJournal<Mail>;
  /** The local Cognito: people's accounts, tokens and codes. */
  userPool: LocalUserPool;
  answerQueue: LocalQueue;
  /** Standard queue fed by the uploads bucket's object-created events. */
  ingestQueue: LocalQueue;
  /** Resolves when every queued message is answered or dead-lettered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole product on one machine: the same handlers behind the same routes, DynamoDB on
 * dynalite, S3 on s3rver, SQS as in-process queues, and an outbox instead of Twilio.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const env = options.env ?? process.env;
  const stateDir = options.stateDir ?? env.FRONTDESK_STATE_DIR ?? '.frontdesk';
  const requestedPort = options.port ?? Number(env.PORT ?? 3000);

  let dispatch: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (!dispatch) return send(res, { statusCode: 503, body: JSON.stringify({ message: 'Starting' }) });
    dispatch(req, res);
  });
  const releaseStateDir = lockStateDir(stateDir);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(requestedPort, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    releaseStateDir();
    throw explainListenFailure(requestedPort, error);
  }
  const port = (server.address() as AddressInfo).port;

  const config = loadConfig({
    ...env,
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN || LOCAL_TWILIO_AUTH_TOKEN,
    META_APP_SECRET: env.META_APP_SECRET || LOCAL_META_APP_SECRET,
    META_VERIFY_TOKEN: env.META_VERIFY_TOKEN || LOCAL_META_VERIFY_TOKEN,
    SHARED_NUMBERS: env.SHARED_NUMBERS ?? LOCAL_SHARED_NUMBER,
    // Calls stream over the local WebSocket API, as they do over API Gateway's in AWS.
    VOICE_RELAY_URL: env.VOICE_RELAY_URL || `ws://localhost:${port}/${SOCKET_STAGE}`,
    SOCKET_CALLBACK_URL: env.SOCKET_CALLBACK_URL || `http://localhost:${port}/${SOCKET_STAGE}`,
    WIDGET_SESSION_KEY: env.WIDGET_SESSION_KEY || localWidgetSessionKey(stateDir),
  });
  const publicBaseUrl = config.publicBaseUrl ?? `http://localhost:${port}`;
  const dynamo = await startLocalDynamo({ stateDir, tableName: config.tableName, region: config.region });
  const s3 = await startLocalS3({
    stateDir,
    buckets: [config.uploadsBucket],
    // The console at /console/ uploads straight to the bucket, as it does to S3 in AWS.
    corsOrigins: [
      ...new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`, new URL(publicBaseUrl).origin]),
    ],
    // As in AWS: the bucket notifies the ingest queue, which feeds the ingest worker.
    // Only documents under tenants/, as the bucket's notification filter in AWS (not exports/).
    onObjectCreated: (event) => {
      if (event.Records.every((r) => decodeURIComponent(r.s3.object.key).startsWith('tenants/')))
        void ingestQueue.send({ body: JSON.stringify(event), groupId: '', deduplicationId: randomUUID() });
    },
  });

  const outbox = new LocalJournal<OutboxEntry>(stateDir, 'outbox.jsonl');
  const deadLetters = new LocalJournal<DeadLetter>(stateDir, 'dlq.jsonl');
  const realTwilio = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
  const realMeta = Boolean(env.META_ACCESS_TOKEN);

  let answerWorker: ((event: SQSEvent) => Promise<unknown>) | undefined;
  const answerQueue = new LocalQueue({
    name: 'answer',
    fifo: true,
    visibilityTimeoutMs: options.queue?.visibilityTimeoutMs ?? 1000,
    maxReceiveCount: options.queue?.maxReceiveCount ?? 5,
    consumer: async (event) => answerWorker?.(event) as never,
    onDeadLetter: (letter) => {
      deadLetters.add(letter);
      console.error(
        `[local] message ${letter.messageId} moved to the ${letter.queue} DLQ after ${letter.receiveCount} receives`,
      );
    },
  });

  let ingestWorker: ((event: SQSEvent) => Promise<unknown>) | undefined;
  const ingestQueue = new LocalQueue({
    name: 'ingest',
    fifo: false,
    batchSize: 1,
    concurrency: 2,
    visibilityTimeoutMs: options.queue?.visibilityTimeoutMs ?? 1000,
    // The worker marks a document failed on the last receive, so both must agree.
    maxReceiveCount: config.ingest.maxReceiveCount,
    consumer: async (event) => ingestWorker?.(event) as never,
    onDeadLetter: (letter) => {
      deadLetters.add(letter);
      console.error(
        `[local] message ${letter.messageId} moved to the ${letter.queue} DLQ after ${letter.receiveCount} receives`,
      );
    },
  });

  const mailbox = new LocalJournal<Mail>(stateDir, 'mailbox.jsonl');
  let mailSequence = 0;
  const userPool = new LocalUserPool({
    stateDir,
    userPoolId: LOCAL_USER_POOL_ID(config.region),
    clientId: LOCAL_USER_POOL_CLIENT_ID,
    region: config.region,
    consoleUrl: `${publicBaseUrl}${CONSOLE_PATH}`,
    mail: (mail) =>
      mailbox.add({
        ...mail,
        id: `MAIL${Date.now().toString(36)}${(++mailSequence).toString(36)}`,
        at: new Date().toISOString(),
      }),
  });

  const base = createRuntime(config, {
    dynamo: { endpoint: dynamo.endpoint, credentials: LOCAL_AWS_CREDENTIALS },
  });
  const channelTokens = createLocalChannelTokens(stateDir);
  const localS3 = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: config.region,
    credentials: LOCAL_S3_CREDENTIALS,
  });
  const runtime = createRuntime(config, {
    table: base.table,
    answerQueue,
    channelTokens,
    files: createS3DocumentFiles(localS3, config.uploadsBucket),
    tenantFiles: createS3TenantFiles(localS3, config.uploadsBucket),
    ingestQueue: {
      send: (body) => ingestQueue.send({ body, groupId: '', deduplicationId: randomUUID() }),
    },
    // Replies go to the outbox unless real credentials are set; every other check is the Lambdas'.
    transports: {
      ...(realTwilio ? {} : { twilio: createOutboxSender(outbox, TWILIO_BODY_LIMIT) }),
      ...(realMeta ? {} : { meta: createOutboxSender(outbox, splitForMetaChannel) }),
    },
    // Website visitors' replies go down their pages' sockets on the local WebSocket API.
    connectionPoster: createSignedFetchPoster({ region: config.region, credentials: LOCAL_AWS_CREDENTIALS }),
    identity: userPool,
    // The same verifier as in AWS, with the local pool's keys preloaded: nothing is fetched.
    verifyToken: createTokenVerifier({
      userPoolId: LOCAL_USER_POOL_ID(config.region),
      clientId: LOCAL_USER_POOL_CLIENT_ID,
      jwks: userPool.jwks(),
    }),
    ...options.overrides,
  });
  // One handler instance per concurrent delivery, as Lambda runs one invocation per environment.
  answerWorker =
    options.answerWorker ??
    createLambdaPool(() => {
      const handler = createAnswerWorkerHandler(runtime);
      return (event: SQSEvent) => handler(event, localLambdaContext('answer-worker'));
    });
  ingestWorker = createLambdaPool(() => {
    const handler = createIngestWorkerHandler(runtime);
    return (event: SQSEvent) => handler(event, localLambdaContext('ingest-worker', 120_000));
  });

  const api = createApiRouter(HTTP_ROUTES, {
    'twilio-webhook': createTwilioWebhookHandler(runtime) as never,
    'meta-webhook': createMetaWebhookHandler(runtime) as never,
    'admin-api': createAdminApiHandler(runtime) as never,
    health: createHealthHandler({ stage: config.stage }) as never,
    'web-chat': createWebChatHandler(runtime) as never,
    'answer-worker': undefined,
    'ingest-worker': undefined,
    websocket: undefined,
  });
  const socketHandler = createWebSocketHandler(
    runtime,
    createApiGatewayPoster({ region: config.region, credentials: LOCAL_AWS_CREDENTIALS }),
  );
  const sockets = new LocalSocketApi({
    stage: SOCKET_STAGE,
    domainName: () => `localhost:${port}`,
    handler: (event) => socketHandler(event, localLambdaContext('websocket')),
  });
  server.on('upgrade', (req, socket, head) => {
    if (!sockets.upgrade(req, socket, head)) socket.destroy();
  });
  if (consoleBuildIsStale()) buildConsole();
  const serveConsole = createConsoleFiles({
    dir: CONSOLE_BUILD_DIR,
    connectSources: [s3.endpoint],
    config: {
      userPool: {
        endpoint: `${publicBaseUrl}${LOCAL_COGNITO_PATH}`,
        region: config.region,
        clientId: LOCAL_USER_POOL_CLIENT_ID,
      },
    },
  });
  const serveUserPool = createLocalCognitoRoutes(userPool);
  const serveWidget = createWidgetFiles({ widgetUrl: `${publicBaseUrl}${WIDGET_PATH}` });
  dispatch = (req, res) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (req.method === 'GET' && url.pathname === '/_local/outbox') return send(res, json(outbox.list()));
    if (req.method === 'GET' && url.pathname === '/_local/dlq') return send(res, json(deadLetters.list()));
    if (req.method === 'GET' && url.pathname === '/_local/mailbox') return send(res, json(mailbox.list()));
    sockets
      .connections(req, res, url)
      .then((handled) => handled || serveUserPool(req, res, url))
      .then((handled) => handled || serveWidget(req, res, url))
      .then((handled) => handled || serveConsole(req, res, url))
      .then((served) => served || api(req, res, url))
      .then((handled) => {
        if (!handled) send(res, { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) });
      })
      .catch((error) => {
        console.error('[local] request failed:', error);
        if (!res.headersSent)
          send(res, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
      });
  };

  const providers = {
    messaging: realTwilio ? 'Twilio (real API)' : 'local outbox (GET /_local/outbox)',
    meta: realMeta ? 'Meta Graph API (real)' : 'local outbox (GET /_local/outbox)',
    answers:
      runtime.answerer.kind === 'extractive'
        ? 'extractive answerer (no LLM configured)'
        : runtime.answerer.kind,
    retrieval:
      runtime.knowledge.kind === 'embedded' ? 'embedded index (MiniSearch BM25)' : runtime.knowledge.kind,
    database: `dynalite (${stateDir === ':memory:' ? 'in memory' : `${stateDir}/dynamodb`})`,
    files: `s3rver (${s3.storage === 'memory' ? 'in memory' : `${stateDir}/s3`})`,
    queues: 'in-process SQS (FIFO answer queue, standard ingest queue, with DLQs)',
    console: `owner console on http://localhost:${port}${CONSOLE_PATH}`,
    calls:
      config.voice.mode === 'relay'
        ? `ConversationRelay on ${config.voice.relayUrl} (npm run call)`
        : 'TwiML <Gather> through the answer queue',
    people: `local user pool (Cognito API at ${LOCAL_COGNITO_PATH}; mail in GET /_local/mailbox)`,
    'web chat': `widget at http://localhost:${port}${WIDGET_PATH}, demo page http://localhost:${port}${DEMO_SITE_PATH}?business=<id>`,
  };

  return {
    url: `http://localhost:${port}`,
    publicBaseUrl,
    port,
    stateDir,
    s3Endpoint: s3.endpoint,
    socketUrl: config.voice.relayUrl ?? `ws://localhost:${port}/${SOCKET_STAGE}`,
    dynamoEndpoint: dynamo.endpoint,
    providers,
    runtime,
    outbox,
    deadLetters,
    mailbox,
    userPool,
    answerQueue,
    ingestQueue,
    idle: async () => {
      await Promise.all([answerQueue.idle(), ingestQueue.idle()]);
    },
    async close() {
      await answerQueue.close();
      await ingestQueue.close();
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would hold close() open for seconds.
      server.closeAllConnections();
      await closed;
      runtime.table.client.destroy();
      await s3.close();
      await dynamo.close();
      releaseStateDir();
    },
  };
};

/**
 * Signs web-chat sessions when no WIDGET_SESSION_KEY is set: generated once and kept in the state
 * directory, so a visitor's conversation survives a restart (in memory: one per run).
 */
const localWidgetSessionKey = (stateDir: string): string => {
  const generated = randomBytes(32).toString('base64url');
  if (stateDir === ':memory:') return generated;
  const file = path.join(stateDir, 'widget-session.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, generated, { mode: 0o600 });
  return generated;
};

const json = (body: unknown) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
