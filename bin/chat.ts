/**
 * `npm run chat`: talk to a running local stack (`npm start`) as a customer or an owner, over
 * signed Twilio webhooks, and see the replies from the outbox.
 *
 *   npm run chat                                   # interactive, as whatsapp:+15550001234
 *   npm run chat -- --from +15557654321 --to +14155238886
 *   npm run chat -- "!register Bella Pizza"          # one message, print the reply, exit
 *
 * Options: --url (default http://localhost:$PORT or 3000), --from, --to. Like `npm start`, it reads
 * the environment and `.env`: signatures are made over PUBLIC_BASE_URL when set (the URL the stack
 * verifies them against), with TWILIO_AUTH_TOKEN when set, else the local development token.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

if (existsSync('.env')) process.loadEnvFile('.env');
await import('../local-stack/quiet.js');
const { LOCAL_TWILIO_AUTH_TOKEN } = await import('../local-stack/stack.js');
const { postTwilioMessage } = await import('../local-stack/twilio-client.js');
const { readOutcome, relayedNote, silenceNote } = await import('../local-stack/chat-outbox.js');
type OutboxLine = import('../local-stack/chat-outbox.js').OutboxLine;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT || 3000}` },
    from: { type: 'string', default: 'whatsapp:+15550001234' },
    to: { type: 'string' },
  },
});
const from = values.from;
const to = values.to ?? (from.startsWith('whatsapp:') ? 'whatsapp:+14155238886' : '+14155238886');
const authToken = process.env.TWILIO_AUTH_TOKEN || LOCAL_TWILIO_AUTH_TOKEN;
const signedFor = process.env.PUBLIC_BASE_URL || values.url;
const WAIT_SECONDS = 15;

const outbox = async (): Promise<OutboxLine[]> =>
  (await fetch(`${values.url}/_local/outbox`)).json() as Promise<OutboxLine[]>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one message and waits (up to 15 s) for the replies to this sender, or for the owner relay. */
const send = async (text: string): Promise<string[]> => {
  const earlier = await outbox();
  const seen = new Set(earlier.map((m) => m.id));
  const posted = await postTwilioMessage(values.url, authToken, { from, to, body: text }, signedFor);
  if (posted.status === 403) {
    return [
      `(the webhook refused the signature (403): it was signed for ${signedFor}; the stack checks it against its PUBLIC_BASE_URL, so run chat with the same PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN as npm start)`,
    ];
  }
  if (posted.status !== 200) return [`(the webhook answered ${posted.status}: ${posted.body})`];
  const fresh = async () => (await outbox()).filter((m) => !seen.has(m.id));
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  while (Date.now() < deadline) {
    await pause(150);
    if (readOutcome(await fresh(), from).kind === 'waiting') continue;
    // The rest of a multi-part reply follows within moments.
    await pause(300);
    const outcome = readOutcome(await fresh(), from);
    if (outcome.kind === 'replies') return outcome.texts;
    if (outcome.kind === 'relayed') return [relayedNote(outcome.owners)];
  }
  return [silenceNote(earlier, from, WAIT_SECONDS)];
};

try {
  await fetch(`${values.url}/health`);
} catch {
  console.error(`Nothing answers at ${values.url}. Start the local stack first (npm start), or pass --url`);
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
