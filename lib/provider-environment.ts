import type { FunctionEnvironment } from '../functions/contracts/environment.js';
import { FUNCTION_SECRETS, type FunctionName } from '../functions/contracts/routes.js';
import type { StageSettings } from './stage-settings.js';

/**
 * Non-secret provider configuration for a function, derived from the secrets it may read: a
 * function that holds the OpenAI key learns the model names, one that holds the Pinecone key
 * learns the index. Optional endpoints travel only when the stage sets them.
 */
export const providerEnvironment = (name: FunctionName, settings: StageSettings): FunctionEnvironment => {
  const secrets = FUNCTION_SECRETS[name];
  const environment: FunctionEnvironment = {};
  if (secrets.includes('OPENAI_API_KEY')) {
    environment.OPENAI_MODEL = settings.openAi.chatModel;
    environment.OPENAI_EMBEDDING_MODEL = settings.openAi.embeddingModel;
    if (settings.openAi.baseUrl) environment.OPENAI_BASE_URL = settings.openAi.baseUrl;
    environment.OPENAI_FALLBACK_MODELS = settings.openAi.fallbackChatModels.join(',');
    environment.LLM_TIMEOUT_MS = String(settings.openAi.chatTimeoutMs);
    environment.LLM_MAX_RETRIES = String(settings.openAi.chatMaxRetries);
  }
  if (secrets.includes('PINECONE_API_KEY')) {
    if (settings.pineconeIndex) environment.PINECONE_INDEX = settings.pineconeIndex;
    if (settings.pineconeHost) environment.PINECONE_HOST = settings.pineconeHost;
  }
  return environment;
};

/** Functions that answer customers, accept uploads or serve owners: they enforce plans. */
const PLAN_ENFORCERS: readonly FunctionName[] = [
  'answer-worker',
  'admin-api',
  'ingest-worker',
  'websocket',
  'web-chat',
];

/**
 * The stage's shared numbers and default plan, for the functions that enforce who may claim what
 * and what a business may use.
 */
export const platformEnvironment = (name: FunctionName, settings: StageSettings): FunctionEnvironment => {
  if (!PLAN_ENFORCERS.includes(name)) return {};
  const plan = settings.defaultPlan;
  return {
    ...(settings.sharedNumbers.length > 0 ? { SHARED_NUMBERS: settings.sharedNumbers.join(',') } : {}),
    TENANT_MONTHLY_BUDGET_USD: String(plan.monthlyBudgetUsd),
    PLAN_MESSAGES_PER_MONTH: String(plan.messagesPerMonth),
    PLAN_DOCUMENTS: String(plan.documents),
    PLAN_CHUNKS: String(plan.chunks),
    PLAN_TEST_CHATS_PER_MINUTE: String(plan.testChatsPerMinute),
    PLAN_WEB_MESSAGES_PER_DAY: String(plan.webMessagesPerDay),
  };
};
