import { loadConfig } from '../platform/config.js';
import { createRuntime } from '../platform/runtime.js';
import { createAdminApiHandler } from './app.js';

export const handler = createAdminApiHandler(createRuntime(loadConfig()));
