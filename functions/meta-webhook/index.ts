import { createCoreRuntime } from '../composition/core-runtime.js';
import { loadConfig } from '../platform/config.js';
import { createMetaWebhookHandler } from './app.js';

export const handler = createMetaWebhookHandler(createCoreRuntime(loadConfig()));
