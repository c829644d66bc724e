/**
 * `npm run chat`: talk to a running local stack (`npm start`) as a customer or an owner, over
 * signed Twilio webhooks, and see the replies from the outbox.
 *
 *   npm run chat                                   # interactive, as whatsapp:+15550001234
 *   npm run chat -- --from +15557654321 --to +14155238886
 *   npm run chat -- "!register Bella Pizza"          # one message, print the reply, exit
 *
 * Options: --url (default http://localhost:$PORT or 3000), --from, --to. The auth token is
 * TWILIO_AUTH_TOKEN when set (as the stack reads it), else the local development token.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

if (existsSync('.env')) process.loadEnvFile('.env');
await import('./local/quiet.js');
const { LOCAL_TWILIO_AUTH_TOKEN } = await import('./local/stack.js');
const { postTwilioMessage } = await import('./local/twilio-client.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
    from: { type: 'string', default: 'whatsapp:+15550001234' },
    to: { type: 'string' },
  },
});
const from = values.from;
const to = values.to ?? (from.startsWith('whatsapp:') ? 'whatsapp:+14155238886' : '+14155238886');
const authToken = process.env.TWILIO_AUTH_TOKEN || LOCAL_TWILIO_AUTH_TOKEN;

interface OutboxEntry {
  id: string;
  to: string;
  text: string;
}

const outbox = async (): Promise<OutboxEntry[]> =>
  (await fetch(`${values.url}/_local/outbox`)).json() as Promise<OutboxEntry[]>;

/** Sends one message and waits (up to 15 s) for the replies to this sender. */
const send = async (text: string): Promise<string[]> => {
  const seen = new Set((await outbox()).map((m) => m.id));
  const posted = await postTwilioMessage(values.url, authToken, { from, to, body: text });
  if (posted.status !== 200) return [`(the webhook answered ${posted.status}: ${posted.body})`];
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    const fresh = (await outbox()).filter((m) => m.to === from && !seen.has(m.id));
    if (fresh.length > 0) {
      await new Promise((r) => setTimeout(r, 300));
      return (await outbox()).filter((m) => m.to === from && !seen.has(m.id)).map((m) => m.text);
    }
  }
  return ['(no reply within 15 s: is the stack running and is the message queued? see GET /_local/dlq)'];
};

try {
  await fetch(`${values.url}/health`);
} catch {
  console.error(`Nothing answers at ${values.url}. Start the local stack first: npm start`);
  process.exit(1);
}

if (positionals.length > 0) {
  for (const reply of await send(positionals.join(' '))) console.log(reply);
  process.exit(0);
}

console.log(`Chatting with ${values.url} as ${from} -> ${to}. Try "!help". Ctrl+D to quit.`);
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
rl.prompt();
for await (const line of rl) {
  if (line.trim()) for (const reply of await send(line)) console.log(`frontdesk> ${reply}`);
  rl.prompt();
}
