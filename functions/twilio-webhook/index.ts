import { loadConfig } from '../platform/config.js';
import { createCoreRuntime } from '../platform/core-runtime.js';
import { createTwilioWebhookHandler } from './app.js';

export const handler = createTwilioWebhookHandler(createCoreRuntime(loadConfig()));
