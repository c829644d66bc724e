import { stageNameOf, withAnswerMetrics } from '../answer/answer-metrics.js';
import { createAnswerer } from '../answer/choose-answerer.js';
import { createCoreRuntime } from '../composition/core-runtime.js';
import { createKnowledgeIndex } from '../knowledge/choose-index.js';
import { withRetrievalMetrics } from '../knowledge/retrieval-metrics.js';
import { loadConfig } from '../platform/config.js';
import { createWebSocketHandler } from './app.js';

const config = loadConfig();
const core = createCoreRuntime(config);

// The core (table, secrets, answer queue for owner alerts) with the knowledge and the answerer:
// no channel senders, since a call's words go back down its WebSocket.
export const handler = createWebSocketHandler({
  ...core,
  knowledge: withRetrievalMetrics(createKnowledgeIndex(config, core.table, core.secrets)),
  answerer: withAnswerMetrics(createAnswerer(config, core.secrets), {
    primaryStage: config.answers.chain[0] && stageNameOf(config.answers.chain[0]),
  }),
});
