import { spawn } from 'node:child_process';
import { startLocalDynamo } from '../../local-stack/dynamo.js';

/** In the child: dynalite with the house table, its endpoint on stdout, until the parent ends it. */
export const dynaliteChild = async (tableName: string, region: string): Promise<void> => {
  const dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName, region });
  process.stdout.write(`${dynamo.endpoint}\n`);
};

/**
 * dynalite in its own process, as DynamoDB is in AWS: its CPU time does not count against the
 * handler's latency, and on two cores each gets one.
 */
export const startDynaliteProcess = async (
  benchEntry: string,
  tableName: string,
  region: string,
): Promise<{ endpoint: string; stop: () => void }> => {
  const child = spawn(
    process.execPath,
    [...process.execArgv, benchEntry, '--dynalite-child', tableName, region],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before it served`)));
  });
  return { endpoint, stop: () => child.kill() };
};
