/**
 * The environment variables a function reads: the configuration `platform/config.ts` parses, and
 * what the Lambda runtime and Powertools read. The CDK app and the local stack set them by these
 * names: a variable set under a name no function reads is a compile error rather than a setting
 * that silently does nothing, and `config.ts` may read no name that is not listed here.
 */
export const CONFIG_NAMES = [
  'STAGE',
  'AWS_REGION',
  'TABLE_NAME',
  'ANSWER_QUEUE_URL',
  'UPLOADS_BUCKET',
  'PUBLIC_BASE_URL',
  'SECRETS_PATH',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL',
  'PINECONE_INDEX',
  'PINECONE_HOST',
  'OPENAI_EMBEDDING_MODEL',
  'INGEST_QUEUE_URL',
  'MAX_UPLOAD_BYTES',
  'INGEST_MAX_RECEIVE_COUNT',
  'EXTRACT_MAX_INFLATED_BYTES',
  'EXTRACT_TIMEOUT_SECONDS',
  'EXTRACT_MAX_HEAP_MB',
  'EXTRACT_MAX_MEMORY_MB',
  'OCR_ENGINE',
  'OCR_MAX_PAGES',
  'OCR_TIMEOUT_SECONDS',
  'TWILIO_API_BASE_URL',
  'META_GRAPH_VERSION',
  'META_GRAPH_BASE_URL',
  'CONVERSATION_TTL_DAYS',
  'VOICE_MODE',
  'VOICE_RELAY_URL',
  'SOCKET_CALLBACK_URL',
  'SHARED_NUMBERS',
  'AUDIT_RETENTION_DAYS',
  'USER_POOL_ID',
  'USER_POOL_CLIENT_ID',
  'OWNER_MFA_REQUIRED',
  'EXPORT_LINK_SECONDS',
  'LLM_CHAIN',
  'OPENAI_FALLBACK_MODELS',
  'LLM_TIMEOUT_MS',
  'LLM_MAX_RETRIES',
  'LLM_CIRCUIT_FAILURES',
  'LLM_CIRCUIT_COOLDOWN_MS',
  'ANSWER_RELEVANCE_FLOOR',
  'LLM_SOURCE_FLOOR',
  'RETRIEVAL_FUSION',
  'BURST_WINDOW_MS',
  'ANSWER_LEASE_MS',
  'HANDOFF_TIMEOUT_MINUTES',
  'CUSTOMER_MESSAGES_PER_WINDOW',
  'CUSTOMER_RATE_WINDOW_SECONDS',
  'MAX_MESSAGE_CHARS',
  'OPENAI_TRANSCRIBE_MODEL',
  'MEDIA_MAX_AUDIO_BYTES',
  'MEDIA_MAX_AUDIO_SECONDS',
  'MEDIA_MAX_IMAGE_BYTES',
  'TENANT_MONTHLY_BUDGET_USD',
  'PLAN_MESSAGES_PER_MONTH',
  'PLAN_DOCUMENTS',
  'PLAN_CHUNKS',
  'PLAN_TEST_CHATS_PER_MINUTE',
  'PLAN_WEB_MESSAGES_PER_DAY',
  'WIDGET_SESSION_HOURS',
  'WIDGET_MAX_MESSAGE_CHARS',
  'WIDGET_VISITOR_MESSAGES_PER_MINUTE',
  'WIDGET_ADDRESS_REQUESTS_PER_MINUTE',
  'WIDGET_POLL_WAIT_MS',
] as const;

/** Read by the Lambda runtime and Powertools, not by our configuration. */
export const RUNTIME_NAMES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL'] as const;

export type ConfigName = (typeof CONFIG_NAMES)[number];
export type EnvironmentName = ConfigName | (typeof RUNTIME_NAMES)[number];

/** A function's environment as the CDK app writes it. Never secret values (those are in SSM). */
export type FunctionEnvironment = Partial<Record<EnvironmentName, string>>;
