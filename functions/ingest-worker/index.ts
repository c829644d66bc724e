import { createRuntime } from '../composition/runtime.js';
import { loadConfig } from '../platform/config.js';
import { createIngestWorkerHandler } from './app.js';

export const handler = createIngestWorkerHandler(createRuntime(loadConfig()));
