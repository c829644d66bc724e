import type { Config } from '../platform/config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { Answerer } from './answerer.js';
import { createChatModelStage } from './chat-model.js';
import { createExtractiveAnswerer } from './extractive.js';
import { createLlmAnswerer } from './llm-answerer.js';

/** How many retrieved passages the model sees. */
const MAX_SOURCES = 5;

/**
 * The LLM fallback chain, with the extractive answerer as its last resort, when a key or a
 * compatible endpoint is configured (in AWS the key lives in SSM, so a secrets path counts);
 * the extractive answerer alone otherwise.
 */
export const createAnswerer = (config: Config, secrets: SecretStore): Answerer => {
  const extractive = createExtractiveAnswerer({ relevanceFloor: config.answers.relevanceFloor });
  const configured = Boolean(config.secrets.OPENAI_API_KEY || config.openai.baseUrl || config.secretsPath);
  if (!configured) return extractive;
  const apiKey = () => secrets.get('OPENAI_API_KEY');
  return createLlmAnswerer({
    stages: config.answers.chain.map((stage) => createChatModelStage(stage, apiKey)),
    lastResort: extractive,
    relevanceFloor: config.answers.llmSourceFloor,
    maxSources: MAX_SOURCES,
    circuit: config.answers.circuit,
  });
};
