import { loadConfig } from '../platform/config.js';
import { createConversationRuntime } from '../platform/runtime.js';
import { createAnswerWorkerHandler } from './app.js';

export const handler = createAnswerWorkerHandler(createConversationRuntime(loadConfig()));
