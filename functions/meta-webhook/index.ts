import { loadConfig } from '../platform/config.js';
import { createCoreRuntime } from '../platform/core-runtime.js';
import { createMetaWebhookHandler } from './app.js';

export const handler = createMetaWebhookHandler(createCoreRuntime(loadConfig()));
