import { loadConfig } from '../platform/config.js';
import { createRuntime } from '../platform/runtime.js';
import { createAnswerWorkerHandler } from './app.js';

export const handler = createAnswerWorkerHandler(createRuntime(loadConfig()));
