import { createConversationRuntime } from '../composition/runtime.js';
import { loadConfig } from '../platform/config.js';
import { createAnswerWorkerHandler } from './app.js';

export const handler = createAnswerWorkerHandler(createConversationRuntime(loadConfig()));
