import type { Config } from '../platform/config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { Answerer } from './answerer.js';
import { type ChatModelStage, createChatModelStage } from './chat-model.js';
import { createExtractiveAnswerer } from './extractive.js';
import { createLlmAnswerer } from './llm-answerer.js';
import { createModelQueryRewriter, type QueryRewriter } from './query-rewriter.js';

/** How many retrieved passages the model sees. */
const MAX_SOURCES = 5;

/** A key or a compatible endpoint is configured (in AWS the key lives in SSM, so a secrets path counts). */
const modelConfigured = (config: Config): boolean =>
  Boolean(config.secrets.OPENAI_API_KEY || config.openai.baseUrl || config.secretsPath);

/** One client per stage per process, shared by the answerer and the query rewriter. */
const stagesByConfig = new WeakMap<Config, ChatModelStage[]>();
const chainStages = (config: Config, secrets: SecretStore): ChatModelStage[] => {
  let stages = stagesByConfig.get(config);
  if (!stages) {
    const apiKey = () => secrets.get('OPENAI_API_KEY');
    stages = config.answers.chain.map((stage) => createChatModelStage(stage, apiKey));
    stagesByConfig.set(config, stages);
  }
  return stages;
};

/**
 * The LLM fallback chain, with the extractive answerer as its last resort, when a model is
 * configured; the extractive answerer alone otherwise.
 */
export const createAnswerer = (config: Config, secrets: SecretStore): Answerer => {
  const extractive = createExtractiveAnswerer({ relevanceFloor: config.answers.relevanceFloor });
  if (!modelConfigured(config)) return extractive;
  return createLlmAnswerer({
    stages: chainStages(config, secrets),
    lastResort: extractive,
    relevanceFloor: config.answers.llmSourceFloor,
    maxSources: MAX_SOURCES,
    circuit: config.answers.circuit,
  });
};

/** The model's rewrite step before retrieval; none without a model (the follow-up rules serve). */
export const createQueryRewriter = (config: Config, secrets: SecretStore): QueryRewriter | undefined =>
  modelConfigured(config) ? createModelQueryRewriter(chainStages(config, secrets)) : undefined;
