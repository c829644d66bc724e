import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Runtime } from '../../functions/composition/runtime.js';
import { httpEvent } from './events.js';
import { META_APP_SECRET, META_PHONE_NUMBER_ID, QUESTIONS, range } from './fixtures.js';
import { type HttpHandler, measureHandler, WEBHOOK_WARM_UP } from './webhook.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Meta webhook the same way, when the tree has one (it is loaded by path, so optional). */
export const measureMeta = async (runtime: Runtime, requests: number) => {
  const appFile = `${REPO_ROOT}functions/meta-webhook/app.ts`;
  const clientFile = `${REPO_ROOT}local-stack/meta-client.ts`;
  const signatureFile = `${REPO_ROOT}functions/channels/meta/signature.ts`;
  if (![appFile, clientFile, signatureFile].every(existsSync)) return undefined;
  const { createMetaWebhookHandler } = await import(pathToFileURL(appFile).href);
  const { whatsAppText } = await import(pathToFileURL(clientFile).href);
  const { signMetaPayload } = await import(pathToFileURL(signatureFile).href);
  const handler = createMetaWebhookHandler(runtime) as HttpHandler;
  const event = (i: number) => {
    const body = JSON.stringify(
      whatsAppText(
        META_PHONE_NUMBER_ID,
        `1555030${String(i).padStart(4, '0')}`,
        QUESTIONS[i % QUESTIONS.length],
      ),
    );
    return httpEvent({
      method: 'POST',
      path: '/webhooks/meta',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signMetaPayload(META_APP_SECRET, body),
      },
      body,
    });
  };
  await measureHandler(handler, 'meta-webhook', range(WEBHOOK_WARM_UP).map(event), [], 1);
  const latency = await measureHandler(
    handler,
    'meta-webhook',
    range(requests).map((i) => event(WEBHOOK_WARM_UP + i)),
    [],
    1,
  );
  const throughput = await measureHandler(handler, 'meta-webhook', [], range(requests * 2).map(event), 16);
  return { ...latency, rps: throughput.rps };
};
