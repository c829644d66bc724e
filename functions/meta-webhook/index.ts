import { loadConfig } from '../platform/config.js';
import { createRuntime } from '../platform/runtime.js';
import { createMetaWebhookHandler } from './app.js';

export const handler = createMetaWebhookHandler(createRuntime(loadConfig()));
