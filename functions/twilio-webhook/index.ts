import { loadConfig } from '../platform/config.js';
import { createRuntime } from '../platform/runtime.js';
import { createTwilioWebhookHandler } from './app.js';

export const handler = createTwilioWebhookHandler(createRuntime(loadConfig()));
