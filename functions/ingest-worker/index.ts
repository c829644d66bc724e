import { loadConfig } from '../platform/config.js';
import { createRuntime } from '../platform/runtime.js';
import { createIngestWorkerHandler } from './app.js';

export const handler = createIngestWorkerHandler(createRuntime(loadConfig()));
