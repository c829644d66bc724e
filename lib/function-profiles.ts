import { Duration } from 'aws-cdk-lib';
import { type FunctionName, HTTP_ROUTES } from '../functions/contracts/routes.js';
import type { TableAccess } from './table-access.js';
import type { UploadOperation } from './uploads-bucket.js';

/** What a function needs from the platform: its size and the data it may touch. */
export interface FunctionProfile {
  readonly memorySize: number;
  readonly timeout: Duration;
  /**
   * Per DynamoDB action, the partition key prefixes the function's code touches (read from what
   * it bundles; test/infra/table-access.test.ts replays the handlers against it).
   */
  readonly tableAccess: TableAccess;
  readonly uploads: readonly UploadOperation[];
  /** Sends reindex requests to the ingest queue. */
  readonly enqueuesIngest: boolean;
  /** Puts messages on the answer queue besides the webhooks (an owner's reply to a customer). */
  readonly enqueuesAnswers: boolean;
  /**
   * Gets the vendor layer (`layers/vendor`): the function's code may require a `LAYER_MODULES`
   * package (twilio, cl100k, Pinecone) on first use, which is not in its bundle.
   */
  readonly vendorLayer: boolean;
}

const DEFAULT_PROFILE: FunctionProfile = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  // A new function touches nothing until it says what it needs.
  tableAccess: {},
  uploads: [],
  enqueuesIngest: false,
  enqueuesAnswers: false,
  vendorLayer: false,
};

/**
 * Stage-independent sizing and access per function. A function missing here gets the default,
 * so a new route works before anyone tunes it.
 */
const PROFILES: Partial<Record<FunctionName, Partial<FunctionProfile>>> = {
  // Memory buys CPU: the webhook answers on the customer's clock (p99 well under a second).
  // Queues the message, then notes it (ARRIVAL#: the burst note; the worker dedupes and resolves
  // the number), records delivery statuses (ROUTE# when the callback names no tenant); claims
  // each spoken turn of a call (IDEMP#) and resolves the called number (ROUTE#); on a call, reads the business and the spoken answer and keeps
  // the call log and its transcript (TENANT#: put, update, query the turns at the status callback).
  'twilio-webhook': {
    memorySize: 1024,
    timeout: Duration.seconds(10),
    tableAccess: {
      GetItem: ['IDEMP#', 'ROUTE#', 'TENANT#'],
      UpdateItem: ['IDEMP#', 'TENANT#'],
      PutItem: ['ARRIVAL#', 'TENANT#'],
      Query: ['TENANT#'],
    },
  },
  // The WebSocket API (ConversationRelay calls): binds connections (WSCONN#) and answers like
  // the worker within one business (TENANT#: retrieval, conversation, usage, call log); owner
  // alerts go through the answer queue. Streams for up to a minute.
  websocket: {
    memorySize: 1024,
    timeout: Duration.seconds(60),
    enqueuesAnswers: true,
    // The answer engine's token estimate (when a server reports no usage) lives in the layer.
    vendorLayer: true,
    tableAccess: {
      GetItem: ['TENANT#', 'WSCONN#'],
      PutItem: ['TENANT#', 'WSCONN#'],
      UpdateItem: ['TENANT#', 'WSCONN#'],
      // A web visitor's connection is also listed under the visitor (TENANT#...#WEB#...).
      DeleteItem: ['WSCONN#', 'TENANT#'],
      Query: ['TENANT#'],
      BatchWriteItem: ['TENANT#'],
    },
  },
  // As Twilio, without calls; the worker resolves the receiving id and records the customer's
  // 24-hour window. Statuses read the route (ROUTE#) and are recorded (TENANT#).
  'meta-webhook': {
    memorySize: 1024,
    timeout: Duration.seconds(10),
    tableAccess: {
      GetItem: ['ROUTE#'],
      PutItem: ['ARRIVAL#'],
      UpdateItem: ['TENANT#'],
    },
  },
  // LLM calls with a fallback chain; the queue's visibility timeout is derived from this.
  // Owner commands register businesses (CODE#, OWNER#), mint keys at send time and revoke an
  // earlier attempt's (APIKEY#), confirm alert addresses (ALERTCONFIRM#) and pick a business on
  // the shared number (SESSION#); finds the business of a webhook-queued message by its receiving
  // address (ROUTE#); bursts query the conversation's arrivals (ARRIVAL#); a Meta send checks
  // whether its address was claimed (ROUTE#, read only).
  'answer-worker': {
    memorySize: 1024,
    timeout: Duration.seconds(60),
    vendorLayer: true,
    tableAccess: {
      GetItem: ['TENANT#', 'IDEMP#', 'SESSION#', 'CODE#', 'OWNER#', 'ROUTE#', 'APIKEY#', 'ALERTCONFIRM#'],
      PutItem: ['TENANT#', 'IDEMP#', 'SESSION#', 'CODE#', 'OWNER#', 'APIKEY#'],
      UpdateItem: ['TENANT#', 'IDEMP#', 'ALERTCONFIRM#'],
      DeleteItem: ['TENANT#', 'SESSION#', 'APIKEY#', 'ALERTCONFIRM#'],
      Query: ['TENANT#', 'ARRIVAL#'],
      // An answer reads the business, the conversation, the month's usage, the knowledge changes,
      // the customer's 24-hour window and (to confirm a remembered one) the address's route in one
      // batch, and writes its two turns, the conversation's state and the window in another.
      BatchGetItem: ['TENANT#', 'ROUTE#'],
      BatchWriteItem: ['TENANT#'],
    },
  },
  // Signs presigned POSTs, deletes documents and asks for reindexing.
  // Search embeds the query first, hence more time than a plain CRUD call.
  // Keys (APIKEY#: sign-in, last use, revoke), business codes (CODE#), channel routes (ROUTE#:
  // claims, and alert senders checked against them) and alert-address codes (ALERTCONFIRM#)
  // besides the tenant's items. Data rights: an erase checks and removes a customer's sessions
  // (SESSION#); deleting a business removes its code, owner numbers and key lookups (CODE#,
  // OWNER#, APIKEY#) and records it in the platform's own audit trail (PLATFORM#).
  'admin-api': {
    memorySize: 1024,
    timeout: Duration.seconds(20),
    vendorLayer: true,
    // Read: a business's export holds its original files.
    uploads: ['put', 'read', 'delete'],
    enqueuesIngest: true,
    // POST /v1/conversations/{id}/messages: the answer worker sends it with the channel's keys.
    enqueuesAnswers: true,
    tableAccess: {
      GetItem: ['TENANT#', 'APIKEY#', 'CODE#', 'ROUTE#', 'ALERTCONFIRM#', 'SESSION#'],
      BatchGetItem: ['APIKEY#'],
      PutItem: ['TENANT#', 'APIKEY#', 'CODE#', 'ROUTE#', 'ALERTCONFIRM#', 'PLATFORM#'],
      UpdateItem: ['TENANT#', 'APIKEY#', 'ALERTCONFIRM#'],
      DeleteItem: ['TENANT#', 'ROUTE#', 'APIKEY#', 'ALERTCONFIRM#'],
      Query: ['TENANT#'],
      BatchWriteItem: ['TENANT#', 'SESSION#', 'CODE#', 'OWNER#', 'APIKEY#'],
    },
  },
  // Extracts, chunks and embeds one document at a time; removes files it rejects.
  // Only the tenant's own documents, chunks and knowledge version.
  'ingest-worker': {
    memorySize: 2048,
    timeout: Duration.minutes(5),
    vendorLayer: true,
    uploads: ['read', 'delete'],
    tableAccess: {
      GetItem: ['TENANT#'],
      UpdateItem: ['TENANT#'],
      Query: ['TENANT#'],
      BatchWriteItem: ['TENANT#'],
    },
  },
  // The chat widget's public routes: within one business only (TENANT#: its profile and widget
  // settings, the visitor, the transcript, the rate counters); queues the visitor's message through
  // the webhooks' accept pipeline, whose arrival record (ARRIVAL#) is also the burst note. A poll
  // waits up to 20 s for a reply, within API Gateway's 30.
  'web-chat': {
    memorySize: 512,
    timeout: Duration.seconds(29),
    enqueuesAnswers: true,
    tableAccess: {
      GetItem: ['TENANT#'],
      PutItem: ['TENANT#', 'ARRIVAL#'],
      UpdateItem: ['TENANT#'],
      Query: ['TENANT#'],
    },
  },
  // A liveness check that reads nothing: no table access at all.
  health: { memorySize: 256, timeout: Duration.seconds(5), tableAccess: {} },
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
