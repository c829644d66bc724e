/**
 * Naive and chosen variants of a design choice, bundled and cold-started in the same run so the
 * bench shows what each choice buys. Each entry is a tiny module exporting `handler`.
 */
export interface VariantPair {
  choice: string;
  naive: { label: string; source: string };
  chosen: { label: string; source: string };
}

export const BUNDLE_VARIANTS: VariantPair[] = [
  {
    choice: 'Twilio signature check: deep import of the webhooks module vs the whole twilio package',
    naive: {
      label: "import twilio from 'twilio'",
      source: `import twilio from 'twilio';
export const handler = async (e) => twilio.validateRequest(e.token, e.signature, e.url, e.params);`,
    },
    chosen: {
      label: "import webhooks from 'twilio/lib/webhooks/webhooks.js'",
      source: `import webhooks from 'twilio/lib/webhooks/webhooks.js';
export const handler = async (e) => webhooks.validateRequest(e.token, e.signature, e.url, e.params);`,
    },
  },

  {
    choice: 'Twilio webhook: the core runtime (table, secrets, queue) vs the full runtime of every function',
    naive: {
      label: 'createRuntime (every client)',
      source: `import { loadConfig } from './functions/platform/config.js';
import { createRuntime } from './functions/platform/runtime.js';
import { createTwilioWebhookHandler } from './functions/twilio-webhook/app.js';
export const handler = createTwilioWebhookHandler(createRuntime(loadConfig()));`,
    },
    chosen: {
      label: 'createCoreRuntime',
      source: `import { loadConfig } from './functions/platform/config.js';
import { createCoreRuntime } from './functions/platform/core-runtime.js';
import { createTwilioWebhookHandler } from './functions/twilio-webhook/app.js';
export const handler = createTwilioWebhookHandler(createCoreRuntime(loadConfig()));`,
    },
  },
  {
    choice: 'Twilio sender: one fetch to the Messages API vs the twilio-node REST client',
    naive: {
      label: 'twilio(sid, token).messages.create',
      source: `import twilio from 'twilio';
export const handler = async (e) => twilio(e.sid, e.token).messages.create({ to: e.to, from: e.from, body: e.body });`,
    },
    chosen: {
      label: 'createTwilioSender (fetch)',
      source: `import { createTwilioSender } from './functions/channels/twilio/sender.js';
const sender = createTwilioSender({ credentials: async () => undefined });
export const handler = async (e) => sender.send(e);`,
    },
  },
];
