import type { MiddlewareObj } from '@middy/core';
import { HttpError } from './errors.js';
import type { HttpEvent, HttpResult } from './http.js';

/** Twilio's webhooks are form posts of a few kilobytes (a 1600-character SMS at most). */
export const TWILIO_WEBHOOK_MAX_BYTES = 64 * 1024;
/** Meta batches events, but a batch of text messages stays far below this. */
export const META_WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * Refuses a request body over `maxBytes` with 413 before anything reads it: API Gateway lets
 * up to 10 MB through, and a webhook would otherwise hash and parse all of it.
 */
export const bodyLimit = (maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: async ({ event }) => {
    const length = event.body?.length ?? 0;
    const bytes = event.isBase64Encoded ? Math.floor((length * 3) / 4) : Buffer.byteLength(event.body ?? '');
    if (bytes > maxBytes) throw new HttpError(413, `Request body over ${maxBytes} bytes`);
  },
});
