import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { startLocalStack } from '../../local-stack/stack.js';
import { LocalStartError } from '../../local-stack/start-errors.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const busyPort = async (): Promise<number> => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
};

const scratchDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-start-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const start = async (stateDir: string): Promise<LocalStack> => {
  const stack = await startLocalStack({ stateDir, port: 0, env: {} });
  cleanups.push(() => stack.close());
  return stack;
};

describe('npm start explains why it cannot start', () => {
  it('a busy port: names the port and the way out, and keeps the cause', async () => {
    // Prepare
    const port = await busyPort();

    // Act
    const failure = await startLocalStack({ stateDir: ':memory:', port, env: {} }).catch((e) => e);

    // Assess
    expect(failure).toBeInstanceOf(LocalStartError);
    expect(failure.message).toContain(`Port ${port} is already in use`);
    expect(failure.message).toContain(`PORT=${port + 1} npm start`);
    expect(failure.cause.code).toBe('EADDRINUSE');
  });

  it('a busy port, as npm start prints it: one sentence, exit 1, no stack trace', async () => {
    // Prepare
    const port = await busyPort();

    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
      env: { ...process.env, PORT: String(port), FRONTDESK_STATE_DIR: ':memory:' },
      encoding: 'utf8',
      timeout: 30_000,
    });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Frontdesk did not start: Port ${port} is already in use on 127.0.0.1, probably by another npm start. ` +
        `Stop that one (Ctrl+C in its terminal), or start on a free port: PORT=${port + 1} npm start`,
    );
  });

  it('a second stack on the same state folder is refused with the folder and the owner; it starts once the first stops', async () => {
    // Prepare
    const dir = scratchDir();
    const first = await start(dir);

    // Act
    const failure = await startLocalStack({ stateDir: dir, port: 0, env: {} }).catch((e) => e);
    await first.close();
    cleanups.pop();
    const again = await start(dir);

    // Assess
    expect(failure).toBeInstanceOf(LocalStartError);
    expect(failure.message).toContain(
      `The state folder ${dir} is in use by another Frontdesk (process ${process.pid})`,
    );
    expect(failure.message).toContain('FRONTDESK_STATE_DIR=');
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
  });

  it('a lock left by a process that died is taken over', async () => {
    // Prepare: a process id that cannot be running
    const dir = scratchDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'frontdesk.pid'), dead.stdout);

    // Act
    const stack = await start(dir);

    // Assess
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});
