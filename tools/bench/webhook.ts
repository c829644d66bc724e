import type { Context } from 'aws-lambda';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import type { HttpEvent, HttpResult } from '../../functions/platform/http.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import { newMessageSid, twilioMessageForm } from '../../local-stack/twilio-client.js';
import { httpEvent } from './events.js';
import { elapsedMs, mean, quantile, round } from './stats.js';

export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  /** Mean handler time, for the cost model (Lambda bills every millisecond, not the median). */
  meanMs: number;
  /** This process's CPU per request (dynalite runs in another): the handler's own cost. */
  cpuMsPerRequest: number;
  requests: number;
}

/** A signed inbound SMS/WhatsApp webhook from `from` to `to`, as Twilio posts it. */
export const twilioMessageEvent = (
  publicBaseUrl: string,
  authToken: string,
  message: { from: string; to: string; body: string },
): HttpEvent => {
  const path = '/webhooks/twilio/messaging';
  const form = twilioMessageForm({ ...message, messageSid: newMessageSid() });
  return httpEvent({
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, `${publicBaseUrl}${path}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
};

/** A signed delivery status callback for a reply the worker sent. */
export const twilioStatusEvent = (
  publicBaseUrl: string,
  authToken: string,
  input: { tenantId: string; from: string; to: string; status: string },
): HttpEvent => {
  const path = '/webhooks/twilio/status';
  const query = { tenant: input.tenantId };
  const form = {
    MessageSid: newMessageSid(),
    MessageStatus: input.status,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: input.from,
    To: input.to,
    ApiVersion: '2010-04-01',
  };
  const url = `${publicBaseUrl}${path}?${new URLSearchParams(query)}`;
  return httpEvent({
    method: 'POST',
    path,
    query,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, url, form),
    },
    body: new URLSearchParams(form).toString(),
  });
};

/**
 * Latency one request at a time (p50, p99 over `events`), then throughput with `concurrency`
 * requests in flight over `throughputEvents`. Every event must be answered 200.
 */
export const measureHandler = async (
  handler: HttpHandler,
  name: string,
  events: HttpEvent[],
  throughputEvents: HttpEvent[],
  concurrency: number,
): Promise<LatencyFigures> => {
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (const event of events) {
    const started = performance.now();
    const result = await handler(event, localLambdaContext(name));
    samples.push(elapsedMs(started));
    assertOk(result, name);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const queue = [...throughputEvents];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let event = queue.shift(); event; event = queue.shift()) {
        assertOk(await handler(event, localLambdaContext(name)), name);
      }
    }),
  );
  const seconds = elapsedMs(started) / 1000;
  return {
    p50Ms: round(quantile(samples, 0.5)),
    p99Ms: round(quantile(samples, 0.99)),
    rps: round(throughputEvents.length / seconds, 0),
    meanMs: round(mean(samples)),
    cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / Math.max(1, samples.length)),
    requests: samples.length,
  };
};

/** Requests each webhook serves before it is measured, so neither is timed on a colder JIT. */
export const WEBHOOK_WARM_UP = 500;

/**
 * p50 (and this process's CPU per request) of a naive and a chosen variant, run alternately
 * request by request so that drift (a growing table, GC, the other core's load) falls on both
 * alike. `makeHandler` is called per request, so a variant may build its handler (and clients)
 * every time.
 */
export const compareP50 = async (
  naive: () => HttpHandler,
  chosen: () => HttpHandler,
  makeEvent: () => HttpEvent,
  runs: number,
  name: string,
): Promise<{ naiveMs: number; chosenMs: number; naiveCpuMs: number; chosenCpuMs: number }> => {
  const samples: [number[], number[]] = [[], []];
  const cpuMicros = [0, 0];
  for (let i = 0; i < runs; i++) {
    for (const [side, makeHandler] of [naive, chosen].entries()) {
      const event = makeEvent();
      const handler = makeHandler();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      assertOk(await handler(event, localLambdaContext(name)), name);
      samples[side as 0 | 1].push(elapsedMs(started));
      const cpu = process.cpuUsage(cpuBefore);
      cpuMicros[side] = cpuMicros[side]! + cpu.user + cpu.system;
    }
  }
  return {
    naiveMs: round(quantile(samples[0], 0.5)),
    chosenMs: round(quantile(samples[1], 0.5)),
    naiveCpuMs: round(cpuMicros[0]! / 1000 / Math.max(1, runs)),
    chosenCpuMs: round(cpuMicros[1]! / 1000 / Math.max(1, runs)),
  };
};

const assertOk = (result: HttpResult, name: string): void => {
  if (result.statusCode !== 200) {
    throw new Error(`${name} answered ${result.statusCode}: ${result.body ?? ''}`);
  }
};
