import { createCoreRuntime } from '../composition/core-runtime.js';
import { loadConfig } from '../platform/config.js';
import { createTwilioWebhookHandler } from './app.js';

export const handler = createTwilioWebhookHandler(createCoreRuntime(loadConfig()));
