/**
 * `npm run call`: be the caller on a phone call to a business on a running local stack
 * (`npm start`), as Twilio ConversationRelay would carry it. You type what the caller says and
 * watch the answer's `text` tokens arrive; `/interrupt` talks over the answer, `/0` presses 0
 * (a person, please), `/quit` hangs up.
 *
 *   npm run call -- --to +14155550123               # the business's connected Twilio number
 *   npm run call -- --to +14155550123 --from +15557654321
 *
 * Options: --url (default http://localhost:$PORT or 3000), --from, --to. Signatures are made over
 * PUBLIC_BASE_URL when set, with TWILIO_AUTH_TOKEN when set, else the local development token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

if (existsSync('.env')) process.loadEnvFile('.env');
await import('../local-stack/quiet.js');
const { LOCAL_TWILIO_AUTH_TOKEN } = await import('../local-stack/stack.js');
const { startRelayCall } = await import('../local-stack/relay-caller.js');

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT || 3000}` },
    from: { type: 'string', default: '+15550001234' },
    to: { type: 'string' },
  },
});
if (!values.to) {
  console.error('Which business? npm run call -- --to <its Twilio number, e.g. +14155550123>');
  process.exit(2);
}
const signedFor = process.env.PUBLIC_BASE_URL || values.url;
const call = { callSid: `CA${randomBytes(16).toString('hex')}`, from: values.from, to: values.to };
let started = 0;
let answering = '';

const relay = await startRelayCall({
  webhookUrl: `${signedFor}/webhooks/twilio/voice`,
  authToken: process.env.TWILIO_AUTH_TOKEN || LOCAL_TWILIO_AUTH_TOKEN,
  call,
  onFrame: (frame) => {
    if (frame.type === 'text' && frame.token) {
      if (!answering) process.stdout.write(`  [first token after ${Math.round(frame.at - started)} ms] `);
      answering += frame.token;
      process.stdout.write(frame.token);
    }
    if (frame.type === 'text' && frame.last) {
      process.stdout.write(`\n  [last token after ${Math.round(frame.at - started)} ms]\n`);
      answering = '';
    }
    if (frame.type === 'end') {
      console.log(
        `\n  [session ended: ${frame.handoffData ?? 'no handoff'}; Twilio now asks ${relay.actionUrl}]`,
      );
    }
  },
}).catch((error: Error) => {
  console.error(`Could not place the call: ${error.message}`);
  console.error('Is npm start running, and is --to a Twilio number connected to a business?');
  process.exit(1);
});

console.log(`Calling ${call.to} as ${call.from} (${call.callSid}) over ${relay.socketUrl.split('?')[0]}`);
console.log(`Assistant: ${relay.greeting}`);
console.log(
  'Type what you say; /interrupt <words heard> talks over the answer, /0 presses 0, /quit hangs up.',
);
const input = createInterface({ input: process.stdin, output: process.stdout });
for (;;) {
  const line = (await input.question('You: ').catch(() => '/quit')).trim();
  if (!line) continue;
  if (line === '/quit') break;
  started = performance.now();
  if (line === '/0') relay.press('0');
  else if (line.startsWith('/interrupt'))
    relay.interrupt(line.slice('/interrupt'.length).trim() || answering);
  else relay.prompt(line);
  await new Promise((resolve) => setTimeout(resolve, 150));
}
input.close();
await relay.hangUp();
