import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export type PipelineQueue = 'answer' | 'ingest';

export interface RedriveOptions {
  stage: string;
  queue: PipelineQueue;
  region: string | undefined;
  /** Skips the lookup: the dead-letter queue's ARN as `cdk deploy` or the console shows it. */
  dlqArn: string | undefined;
  /** Messages moved per second; absent lets SQS choose (up to 500/s). */
  rate: number | undefined;
  /** Returns after starting the move instead of waiting for it to finish. */
  noWait: boolean;
}

export const USAGE =
  'Usage: npm run redrive -- --stage <name> --queue answer|ingest [--region <r>] [--dlq-arn <arn>] [--rate <msgs/s>] [--no-wait]';

/** Thrown for arguments a person must fix; the message says how. */
export class RedriveUsageError extends Error {
  override name = 'RedriveUsageError';
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,75}(\.fifo)?$/;

/**
 * Reads the command line of `npm run redrive`. Strict: an unknown flag, a missing or malformed
 * stage, a queue other than `answer` or `ingest`, an ARN that is not an SQS queue's, or a rate
 * outside SQS's 1-500 is refused with a `RedriveUsageError`.
 *
 * @example
 * parseRedriveArgs(['--stage', 'prod', '--queue', 'answer']);
 */
export const parseRedriveArgs = (argv: readonly string[]): RedriveOptions => {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new RedriveUsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { stage, queue } = values;
  if (!stage || !STAGE.test(stage)) throw new RedriveUsageError(`--stage must name a stage.\n${USAGE}`);
  if (queue !== 'answer' && queue !== 'ingest') {
    throw new RedriveUsageError(`--queue must be answer or ingest.\n${USAGE}`);
  }
  const dlqArn = values['dlq-arn'];
  if (dlqArn !== undefined && !SQS_ARN.test(dlqArn)) {
    throw new RedriveUsageError(`--dlq-arn is not an SQS queue ARN: ${dlqArn}`);
  }
  if (dlqArn !== undefined && queue === 'answer' && !dlqArn.endsWith('.fifo')) {
    throw new RedriveUsageError('The answer dead-letter queue is FIFO: its ARN ends in .fifo.');
  }
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 500)) {
    throw new RedriveUsageError('--rate must be a whole number of messages per second from 1 to 500.');
  }
  return { stage, queue, region: values.region, dlqArn, rate, noWait: values['no-wait'] === true };
};

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      stage: { type: 'string' },
      queue: { type: 'string' },
      region: { type: 'string' },
      'dlq-arn': { type: 'string' },
      rate: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
  });

type Sqs = Pick<SQSClient, 'send'>;

/**
 * The dead-letter queue of a stage's answer or ingest queue. CloudFormation names the stack's
 * queues `Frontdesk-<stage>-...`; the answer queue is the FIFO one with a redrive policy, the
 * ingest queue the standard one, and each policy names its dead-letter queue.
 */
export const findDeadLetterQueueArn = async (
  sqs: Sqs,
  stage: string,
  queue: PipelineQueue,
): Promise<string> => {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `Frontdesk-${stage}-`, NextToken }));
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);

  for (const url of urls) {
    if (url.endsWith('.fifo') !== (queue === 'answer')) continue;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
    );
    if (!Attributes?.RedrivePolicy) continue;
    const policy = JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string };
    if (policy.deadLetterTargetArn) return policy.deadLetterTargetArn;
  }
  throw new RedriveUsageError(
    `No ${queue} queue with a dead-letter queue found for stage ${stage} (queues named Frontdesk-${stage}-*). ` +
      'Check --stage and --region, or pass --dlq-arn.',
  );
};

/**
 * Moves every message of the dead-letter queue back to the queue it came from
 * (`StartMessageMoveTask` without a destination), then, unless told not to wait, reports the
 * task's progress until it completes or fails.
 */
export const redriveDeadLetters = async (
  sqs: Sqs,
  options: RedriveOptions,
  say: (line: string) => void,
  pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<'COMPLETED' | 'RUNNING' | 'FAILED' | 'CANCELLED'> => {
  const sourceArn = options.dlqArn ?? (await findDeadLetterQueueArn(sqs, options.stage, options.queue));
  say(`Redriving ${sourceArn} to its source queue`);
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: sourceArn, MaxNumberOfMessagesPerSecond: options.rate }),
  );
  say(`Move task started: ${TaskHandle}`);
  if (options.noWait) return 'RUNNING';
  for (;;) {
    await pause(5_000);
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }),
    );
    const task = Results[0];
    say(
      `${task?.Status}: ${task?.ApproximateNumberOfMessagesMoved ?? 0} of ${task?.ApproximateNumberOfMessagesToMove ?? '?'} moved`,
    );
    if (task?.Status === 'COMPLETED' || task?.Status === 'FAILED' || task?.Status === 'CANCELLED') {
      if (task.FailureReason) say(`Failure: ${task.FailureReason}`);
      return task.Status;
    }
  }
};
