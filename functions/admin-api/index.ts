import { createRuntime } from '../composition/runtime.js';
import { loadConfig } from '../platform/config.js';
import { createAdminApiHandler } from './app.js';

export const handler = createAdminApiHandler(createRuntime(loadConfig()));
