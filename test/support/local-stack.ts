import type { LocalStack, LocalStackOptions } from '../../local-stack/stack.js';
import { LOCAL_TWILIO_AUTH_TOKEN, startLocalStack } from '../../local-stack/stack.js';
import { postTwilioMessage, type SimulatedTwilioMessage } from '../../local-stack/twilio-client.js';

export const SHARED_NUMBER = 'whatsapp:+14155238886';

/** The local stack in memory on a free port, with fast retries, and no real provider keys. */
export const startTestStack = (options: Partial<LocalStackOptions> = {}): Promise<LocalStack> =>
  startLocalStack({
    stateDir: ':memory:',
    port: 0,
    // No burst window unless a test asks for one: each message is answered at once.
    env: { PLATFORM_ADMIN_KEY: 'platform-test-key', BURST_WINDOW_MS: '0', ...options.env },
    queue: { visibilityTimeoutMs: 20, maxReceiveCount: 3, ...options.queue },
    overrides: options.overrides,
  });

/** A chat participant: sends signed webhooks and waits for the reply addressed to them. */
export const participant = (stack: LocalStack, from: string, to = SHARED_NUMBER) => ({
  from,
  async post(body: string, extra: Partial<SimulatedTwilioMessage> = {}) {
    return postTwilioMessage(
      stack.url,
      LOCAL_TWILIO_AUTH_TOKEN,
      { from, to, body, ...extra },
      stack.publicBaseUrl,
    );
  },
  async ask(body: string): Promise<string> {
    const seen = stack.outbox.list().length;
    const posted = await this.post(body);
    if (posted.status !== 200) throw new Error(`webhook answered ${posted.status}: ${posted.body}`);
    return (await stack.outbox.waitFor((m) => m.to === from, 10_000, seen)).text;
  },
  /** Every outbox message sent to this participant so far. */
  received: () => stack.outbox.list().filter((m) => m.to === from),
});

export const codeIn = (text: string): string => {
  const code = /[a-z0-9]{1,8}_\d{4}/.exec(text)?.[0];
  if (!code) throw new Error(`No business code in: ${text}`);
  return code;
};
