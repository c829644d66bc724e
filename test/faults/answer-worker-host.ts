import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SQSEvent } from 'aws-lambda';
import type { ChannelSender, OutboundMessage } from '../../functions/contracts/messages.js';
import type { FromWorker, ToWorker } from './answer-worker-process.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./answer-worker-process.ts', import.meta.url));

export interface SendRequest {
  message: OutboundMessage;
  /** Messages in the batch being answered, and replies of it that already reached the provider. */
  batchRecords: number;
  sentInBatch: number;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** The batch it is answering: settled by its answer, or by its death. */
  batch?: {
    records: number;
    sent: number;
    resolve: (result: unknown) => void;
    reject: (error: Error) => void;
  };
}

/**
 * Runs the answer queue's batches in worker processes, one batch per process at a time as Lambda
 * runs one invocation per environment, and plays the provider for their sends (through
 * `provider`). `killAt` is asked before each send reaches the provider: when it answers true,
 * that worker is killed with SIGKILL with the send in flight, its batch fails as Lambda's
 * would, and a fresh process is started at once to wait for the next delivery.
 */
export const startAnswerWorkerHost = (options: {
  env: Record<string, string | undefined>;
  provider: ChannelSender;
  killAt: (request: SendRequest) => boolean;
}) => {
  const idle: Worker[] = [];
  const kills: Array<{ at: number; records: number }> = [];
  /** Messages a worker answered but reported failed (batchItemFailures), by sender. */
  const refused: Array<{ at: number; from: string }> = [];
  let closed = false;

  const spawn = (): Worker => {
    const child = fork(WORKER_SCRIPT, [], {
      execArgv: ['--import', 'tsx'],
      env: options.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const worker: Worker = {
      child,
      ready: new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.on('message', (message: FromWorker) => {
          if (message.type === 'ready') resolve();
        });
      }),
    };
    child.on('message', async (message: FromWorker) => {
      if (message.type === 'done') worker.batch?.resolve(message.result);
      if (message.type === 'failed') worker.batch?.reject(new Error(message.error));
      if (message.type !== 'send') return;
      const batch = { batchRecords: worker.batch?.records ?? 0, sentInBatch: worker.batch?.sent ?? 0 };
      if (options.killAt({ message: message.message, ...batch })) {
        child.kill('SIGKILL');
        kills.push({ at: Date.now(), records: worker.batch?.records ?? 0 });
        return;
      }
      const result = await options.provider.send(message.message);
      if (worker.batch) worker.batch.sent++;
      if (child.connected) child.send({ type: 'sent', id: message.id, result } satisfies ToWorker);
    });
    child.once('exit', (code, signal) => {
      worker.batch?.reject(new Error(`the worker process died (${signal ?? code}) during the batch`));
      // As Lambda would, the next delivery gets a fresh environment.
      if (!closed && signal === 'SIGKILL') idle.push(spawn());
    });
    return worker;
  };
  idle.push(spawn());

  return {
    /** The answer queue's consumer. */
    async consume(event: SQSEvent): Promise<unknown> {
      const worker = idle.pop() ?? spawn();
      await worker.ready;
      try {
        const result = await new Promise((resolve, reject) => {
          worker.batch = { records: event.Records.length, sent: 0, resolve, reject };
          worker.child.send({ type: 'batch', id: 0, event } satisfies ToWorker);
        });
        const failures = (result as { batchItemFailures?: Array<{ itemIdentifier: string }> })
          ?.batchItemFailures;
        for (const failure of failures ?? []) {
          const record = event.Records.find((r) => r.messageId === failure.itemIdentifier);
          if (record)
            refused.push({ at: Date.now(), from: (JSON.parse(record.body) as { from: string }).from });
        }
        return result;
      } finally {
        worker.batch = undefined;
        if (worker.child.exitCode === null && worker.child.signalCode === null) idle.push(worker);
      }
    },
    /** Each message a worker reported failed (e.g. held by a live lease), with its sender. */
    refused: () => [...refused],
    /** When each SIGKILL was sent (ms since the epoch), and how many messages its batch held. */
    kills: () => [...kills],
    close() {
      closed = true;
      for (const worker of idle.splice(0)) worker.child.kill('SIGKILL');
    },
  };
};
