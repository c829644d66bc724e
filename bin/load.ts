/**
 * `npm run load -- --json <out>`: signed Twilio webhooks from many customers of many tenants
 * against the local stack on loopback (127.0.0.1 only, in memory), bounded in count and time.
 * Every message must be answered exactly once: the JSON holds requests, rps, p50Ms, p99Ms,
 * lost and duplicated. Options: --tenants 10 --customers 10 (per tenant) --messages 3 (per
 * customer) --concurrency 32 --max-seconds 60 --duplicates 0.1 (share of webhooks delivered twice).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
await import('../local-stack/quiet.js');
const { runWebhookLoad } = await import('../tools/load/webhook-load.js');

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    tenants: { type: 'string', default: '10' },
    customers: { type: 'string', default: '10' },
    messages: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '60' },
    duplicates: { type: 'string', default: '0.1' },
  },
});
const bounded = (value: string | undefined, max: number) => Math.min(max, Math.max(1, Number(value)));
const tenants = bounded(values.tenants, 100);
const customersPerTenant = bounded(values.customers, 100);
const messagesPerCustomer = bounded(values.messages, 20);
const concurrency = bounded(values.concurrency, 256);
const maxMs = bounded(values['max-seconds'], 600) * 1000;
const duplicateShare = Math.min(1, Math.max(0, Number(values.duplicates)));

const result = await runWebhookLoad({
  tenants,
  customersPerTenant,
  messagesPerCustomer,
  concurrency,
  maxMs,
  duplicateShare,
});
console.log(JSON.stringify(result, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
process.exit(result.lost === 0 && result.duplicated === 0 && result.failedRequests === 0 ? 0 : 1);
