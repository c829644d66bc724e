import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local-stack/stack.js';
import { codeIn, participant } from '../support/local-stack.js';

const run = promisify(execFile);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let stack: LocalStack;
let port: number;
beforeAll(async () => {
  port = await freePort();
  // The stack verifies Twilio signatures against 127.0.0.1, not the localhost chat posts to.
  stack = await startLocalStack({
    stateDir: ':memory:',
    port,
    env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, BURST_WINDOW_MS: '0' },
  });
}, 30_000);
afterAll(() => stack?.close());

/** `npm run chat -- <args>` as a person runs it, with npm start's PORT and PUBLIC_BASE_URL. */
const chat = async (...args: string[]) => {
  const started = Date.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bin/chat.ts', ...args], {
    env: { ...process.env, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    timeout: 30_000,
  });
  return { said: stdout.trim(), seconds: (Date.now() - started) / 1000 };
};

describe('npm run chat', () => {
  it('signs for PUBLIC_BASE_URL, so a stack with PUBLIC_BASE_URL=http://127.0.0.1:$PORT answers it', async () => {
    // Act
    const { said } = await chat('--from', 'whatsapp:+15550710001', '!register Bella Pizza');

    // Assess
    expect(said).not.toContain('403');
    expect(codeIn(said)).toMatch(/^bellapiz_\d{4}$/);
  }, 40_000);

  it('during a handoff says the silence is by design and the message went to the owner, without waiting 15 s', async () => {
    // Prepare: the owner registers; the customer asks for a person.
    const owner = participant(stack, 'whatsapp:+15550720001');
    const customer = participant(stack, 'whatsapp:+15550720002');
    const code = codeIn(await owner.ask('!register Olive Grove Deli'));
    expect(await customer.ask(`!business ${code} I want to talk to a person`)).toMatch(/a person will reply/);
    await stack.idle();

    // Act
    const { said } = await chat('--from', customer.from, 'Are you open on Sunday?');

    // Assess
    expect(said).toContain('(no reply, by design: a person has this conversation');
    expect(said).toContain(`went to the owner at ${owner.from}`);
    expect(owner.received().at(-1)?.text).toContain('Are you open on Sunday?');
  }, 40_000);
});
