import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { LOCAL_TWILIO_AUTH_TOKEN, startLocalStack } from '../../local-stack/stack.js';
import { newMessageSid, postTwilioMessage } from '../../local-stack/twilio-client.js';

export interface WebhookLoadOptions {
  tenants: number;
  customersPerTenant: number;
  messagesPerCustomer: number;
  concurrency: number;
  /** Sending stops here, and draining the queue too. */
  maxMs: number;
  /** The share of webhooks delivered twice, as providers retry. */
  duplicateShare: number;
}

const PLATFORM_KEY = 'load-platform-key';

/**
 * Signed Twilio webhooks from many customers of many businesses against a fresh in-memory local
 * stack on loopback; every accepted message must be answered exactly once. Counts what the
 * worker sends per inbound message at the sender the worker calls. (Import the local stack's
 * quiet defaults before this module.)
 */
export const runWebhookLoad = async (options: WebhookLoadOptions) => {
  const { tenants, customersPerTenant, messagesPerCustomer, concurrency, maxMs, duplicateShare } = options;
  const stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: {
      PLATFORM_ADMIN_KEY: PLATFORM_KEY,
      BURST_WINDOW_MS: '0',
      CUSTOMER_MESSAGES_PER_WINDOW: String(messagesPerCustomer + 5),
    },
    queue: { visibilityTimeoutMs: 500, maxReceiveCount: 5 },
  });
  // The stack listens on 127.0.0.1 only; its URL is the origin Twilio signatures are computed for.
  const base = stack.url;

  // Count what the worker sends per inbound message, at the sender the worker calls.
  const sends = new Map<string, number>();
  const sender = stack.runtime.senders.twilio!;
  stack.runtime.senders.twilio = {
    send(message) {
      if (message.inReplyTo) sends.set(message.inReplyTo, (sends.get(message.inReplyTo) ?? 0) + 1);
      return sender.send(message);
    },
  };

  const admin = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    // biome-ignore lint/suspicious/noExplicitAny: the script reads whatever the API answered.
    return (await response.json()) as Record<string, any>;
  };

  // Each tenant: its own number, and one short document of facts.
  const numbers: string[] = [];
  for (let t = 0; t < tenants; t++) {
    const created = await admin(PLATFORM_KEY, 'POST', '/v1/tenants', { name: `Load Bakery ${t}` });
    const number = `+1555880${String(t).padStart(4, '0')}`;
    await putChannelRoute(stack.runtime.table, {
      channel: 'twilio',
      address: number,
      tenantId: created.tenantId,
    });
    const facts = new TextEncoder().encode(`Load Bakery ${t} opens at 7am. A loaf costs $${t + 3}.`);
    const doc = await admin(created.apiKey, 'POST', '/v1/documents', {
      filename: 'facts.txt',
      size: facts.byteLength,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(doc.upload.fields as Record<string, string>))
      form.append(name, value);
    form.append('file', new Blob([facts]), 'facts.txt');
    await fetch(doc.upload.url, { method: 'POST', body: form });
    numbers.push(number);
  }
  await stack.idle();

  // One worklist per customer: their messages go in order; customers run side by side.
  const conversations = numbers.flatMap((number, t) =>
    Array.from({ length: customersPerTenant }, (_, c) => ({
      to: `whatsapp:${number}`,
      from: `whatsapp:+1555881${String(t).padStart(3, '0')}${String(c).padStart(3, '0')}`,
    })),
  );
  const latencies: number[] = [];
  const accepted = new Set<string>();
  let failedRequests = 0;
  const started = Date.now();
  const deadline = started + maxMs;
  let next = 0;
  const runner = async () => {
    while (next < conversations.length && Date.now() < deadline) {
      const { from, to } = conversations[next++]!;
      for (let m = 0; m < messagesPerCustomer && Date.now() < deadline; m++) {
        const messageSid = newMessageSid();
        const deliveries = Math.random() < duplicateShare ? 2 : 1;
        for (let d = 0; d < deliveries; d++) {
          const at = performance.now();
          const posted = await postTwilioMessage(base, LOCAL_TWILIO_AUTH_TOKEN, {
            from,
            to,
            body: `Question ${m + 1}: when do you open and how much is a loaf?`,
            messageSid,
          });
          latencies.push(performance.now() - at);
          if (posted.status === 200) accepted.add(messageSid);
          else failedRequests++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  const sentMs = Date.now() - started;
  await Promise.race([
    stack.idle(),
    new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()))),
  ]);
  const drainedMs = Date.now() - started;

  const deadLetters = stack.deadLetters.list().filter((l) => l.queue.startsWith('answer')).length;
  let lost = 0;
  let duplicated = 0;
  for (const sid of accepted) {
    const count = sends.get(sid) ?? 0;
    if (count === 0) lost++;
    if (count > 1) duplicated++;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
  const result = {
    requests: latencies.length,
    rps: Number((latencies.length / (sentMs / 1000)).toFixed(1)),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    lost,
    duplicated,
    messages: accepted.size,
    failedRequests,
    deadLettered: deadLetters,
    tenants,
    customers: conversations.length,
    concurrency,
    sendSeconds: Number((sentMs / 1000).toFixed(2)),
    drainedSeconds: Number((drainedMs / 1000).toFixed(2)),
    host: '127.0.0.1',
  };
  await stack.close();
  return result;
};

export type WebhookLoadResult = Awaited<ReturnType<typeof runWebhookLoad>>;
