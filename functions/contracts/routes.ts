/**
 * The HTTP contract, shared by the CDK API and the local stack so both serve the same routes
 * with the same functions. Each function lives in `functions/<name>/index.ts` and exports
 * `handler`.
 */
export const FUNCTION_NAMES = [
  'twilio-webhook',
  'meta-webhook',
  'answer-worker',
  'ingest-worker',
  'admin-api',
  'health',
  'websocket',
  'web-chat',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * The widget's routes. All are POST with a JSON body sent as text/plain and no custom header: a
 * CORS "simple request", so browsers send no preflight and always send the Origin header, which
 * the function checks against the business's list on every request.
 */
export const WIDGET_PATHS = [
  '/widget/sessions',
  '/widget/messages',
  '/widget/poll',
  '/widget/contact',
] as const;

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  /** API Gateway route path; `{name}` marks a path parameter, `{proxy+}` the rest of the path. */
  path: string;
  functionName: FunctionName;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { method: 'POST', path: '/webhooks/twilio/messaging', functionName: 'twilio-webhook' },
  { method: 'POST', path: '/webhooks/twilio/status', functionName: 'twilio-webhook' },
  { method: 'POST', path: '/webhooks/twilio/voice', functionName: 'twilio-webhook' },
  { method: 'POST', path: '/webhooks/twilio/voice/{step}', functionName: 'twilio-webhook' },
  { method: 'GET', path: '/webhooks/meta', functionName: 'meta-webhook' },
  { method: 'POST', path: '/webhooks/meta', functionName: 'meta-webhook' },
  { method: 'ANY', path: '/v1/{proxy+}', functionName: 'admin-api' },
  { method: 'GET', path: '/health', functionName: 'health' },
  // The chat widget on businesses' own sites: public, checked by Origin and the signed session.
  ...WIDGET_PATHS.map((path) => ({ method: 'POST' as const, path, functionName: 'web-chat' as const })),
];

/** Names of the secrets; in AWS each is an SSM SecureString at `/frontdesk/<stage>/<NAME>`. */
export const SECRET_NAMES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'META_ACCESS_TOKEN',
  'OPENAI_API_KEY',
  'PINECONE_API_KEY',
  'PLATFORM_ADMIN_KEY',
  /** Signs web-chat visitors' sessions (HMAC-SHA256); any long random string. */
  'WIDGET_SESSION_KEY',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Which secrets each function may read (its SSM read grants follow from this). */
export const FUNCTION_SECRETS: Record<FunctionName, readonly SecretName[]> = {
  'twilio-webhook': ['TWILIO_AUTH_TOKEN'],
  'meta-webhook': ['META_APP_SECRET', 'META_VERIFY_TOKEN'],
  'answer-worker': [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'META_ACCESS_TOKEN',
    'OPENAI_API_KEY',
    'PINECONE_API_KEY',
  ],
  // Search embeds the query and asks the vector index; deleting a document removes its vectors.
  'admin-api': ['PLATFORM_ADMIN_KEY', 'OPENAI_API_KEY', 'PINECONE_API_KEY'],
  'ingest-worker': ['OPENAI_API_KEY', 'PINECONE_API_KEY'],
  health: [],
  // Verifies Twilio's handshake signature, then answers like the worker (model, vector index);
  // a web visitor's connection presents its signed session.
  websocket: ['TWILIO_AUTH_TOKEN', 'OPENAI_API_KEY', 'PINECONE_API_KEY', 'WIDGET_SESSION_KEY'],
  'web-chat': ['WIDGET_SESSION_KEY'],
};

export interface SocketRoute {
  /** API Gateway WebSocket route key. */
  routeKey: '$connect' | '$disconnect' | '$default';
  functionName: FunctionName;
}

/**
 * The WebSocket API's contract, shared by the CDK API and the local stack: one function serves
 * every route and tells connections apart by the kind they were bound as at `$connect`
 * (`voice`: Twilio ConversationRelay calls; `web`: chat-widget visitors waiting for replies).
 */
export const SOCKET_ROUTES: readonly SocketRoute[] = [
  { routeKey: '$connect', functionName: 'websocket' },
  { routeKey: '$default', functionName: 'websocket' },
  { routeKey: '$disconnect', functionName: 'websocket' },
];

/** The WebSocket API's stage: part of its URL (wss://{api}.execute-api.{region}.amazonaws.com/live). */
export const SOCKET_STAGE = 'live';

export type ChannelTokenAccess = 'read' | 'write';

/**
 * Which functions touch the Meta tokens of claimed addresses (SSM SecureStrings under
 * `/frontdesk/<stage>/channel-tokens/`): the admin API stores one when a business proves it
 * controls an address and deletes it on release; the answer worker sends with it.
 */
export const FUNCTION_CHANNEL_TOKENS: Partial<Record<FunctionName, readonly ChannelTokenAccess[]>> = {
  'admin-api': ['write'],
  'answer-worker': ['read'],
};
