import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  findDeadLetterQueueArn,
  parseRedriveArgs,
  RedriveUsageError,
  redriveDeadLetters,
} from '../../tools/redrive/dead-letters.js';

const ANSWER_DLQ =
  'arn:aws:sqs:eu-west-1:123456789012:Frontdesk-prod-AnswersConsumerDeadLetterQueueA1B2-x1y2.fifo';
const INGEST_DLQ = 'arn:aws:sqs:eu-west-1:123456789012:Frontdesk-prod-IngestConsumerDeadLetterQueueC3D4-z9w8';

/** SQS as the stage's queues answer it: what ListQueues and GetQueueAttributes return. */
const stageQueues = () => {
  const started: unknown[] = [];
  const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
  const policies: Record<string, string | undefined> = {
    [`${base}/Frontdesk-prod-AnswersConsumerQueueE5F6-a1.fifo`]: ANSWER_DLQ,
    [`${base}/Frontdesk-prod-AnswersConsumerDeadLetterQueueA1B2-x1y2.fifo`]: undefined,
    [`${base}/Frontdesk-prod-IngestConsumerQueue7G8H-b2`]: INGEST_DLQ,
    [`${base}/Frontdesk-prod-IngestConsumerDeadLetterQueueC3D4-z9w8`]: undefined,
  };
  const sqs = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      switch (command.constructor.name) {
        case 'ListQueuesCommand':
          return command.input.QueueNamePrefix === 'Frontdesk-prod-'
            ? { QueueUrls: Object.keys(policies) }
            : {};
        case 'GetQueueAttributesCommand': {
          const target = policies[String(command.input.QueueUrl)];
          return {
            Attributes: target ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: target }) } : {},
          };
        }
        case 'StartMessageMoveTaskCommand':
          started.push(command.input);
          return { TaskHandle: 'task-1' };
        case 'ListMessageMoveTasksCommand':
          return {
            Results: [
              {
                Status: 'COMPLETED',
                ApproximateNumberOfMessagesMoved: 3,
                ApproximateNumberOfMessagesToMove: 3,
              },
            ],
          };
        default:
          throw new Error(`unexpected ${command.constructor.name}`);
      }
    },
  } as unknown as Pick<SQSClient, 'send'>;
  return { sqs, started };
};

describe('npm run redrive arguments', () => {
  it('takes a stage and a queue, with optional region, ARN, rate and --no-wait', () => {
    expect(parseRedriveArgs(['--stage', 'prod', '--queue', 'answer'])).toEqual({
      stage: 'prod',
      queue: 'answer',
      region: undefined,
      dlqArn: undefined,
      rate: undefined,
      noWait: false,
    });
    expect(
      parseRedriveArgs([
        '--stage=dev',
        '--queue=ingest',
        '--region',
        'eu-west-1',
        '--rate',
        '5',
        '--no-wait',
      ]),
    ).toMatchObject({ stage: 'dev', queue: 'ingest', region: 'eu-west-1', rate: 5, noWait: true });
    expect(parseRedriveArgs(['--stage', 'prod', '--queue', 'answer', '--dlq-arn', ANSWER_DLQ]).dlqArn).toBe(
      ANSWER_DLQ,
    );
  });

  it.each([
    [[], /--stage must name a stage/],
    [['--queue', 'answer'], /--stage must name a stage/],
    [['--stage', 'Prod!', '--queue', 'answer'], /--stage must name a stage/],
    [['--stage', 'prod'], /--queue must be answer or ingest/],
    [['--stage', 'prod', '--queue', 'answers'], /--queue must be answer or ingest/],
    [['--stage', 'prod', '--queue', 'answer', '--force'], /Unknown option '--force'/],
    [['--stage', 'prod', '--queue', 'answer', 'extra'], /positional/],
    [
      ['--stage', 'prod', '--queue', 'ingest', '--dlq-arn', 'arn:aws:sns:eu-west-1:123456789012:x'],
      /not an SQS/,
    ],
    [['--stage', 'prod', '--queue', 'answer', '--dlq-arn', INGEST_DLQ], /FIFO/],
    [['--stage', 'prod', '--queue', 'answer', '--rate', '0'], /--rate must be/],
    [['--stage', 'prod', '--queue', 'answer', '--rate', '2.5'], /--rate must be/],
    [['--stage', 'prod', '--queue', 'answer', '--rate', '501'], /--rate must be/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRedriveArgs(argv)).toThrow(RedriveUsageError);
    expect(() => parseRedriveArgs(argv)).toThrow(message);
  });
});

describe('finding and redriving a dead-letter queue', () => {
  it("finds each pipeline's dead-letter queue from its queue's redrive policy", async () => {
    const { sqs } = stageQueues();
    await expect(findDeadLetterQueueArn(sqs, 'prod', 'answer')).resolves.toBe(ANSWER_DLQ);
    await expect(findDeadLetterQueueArn(sqs, 'prod', 'ingest')).resolves.toBe(INGEST_DLQ);
    await expect(findDeadLetterQueueArn(sqs, 'staging', 'answer')).rejects.toThrow(/pass --dlq-arn/);
  });

  it('moves the messages back to their source queue and waits for the task', async () => {
    const { sqs, started } = stageQueues();
    const lines: string[] = [];

    const status = await redriveDeadLetters(
      sqs,
      parseRedriveArgs(['--stage', 'prod', '--queue', 'ingest', '--rate', '10']),
      (line) => lines.push(line),
      async () => undefined,
    );

    expect(status).toBe('COMPLETED');
    expect(started).toEqual([{ SourceArn: INGEST_DLQ, MaxNumberOfMessagesPerSecond: 10 }]);
    expect(lines.at(-1)).toBe('COMPLETED: 3 of 3 moved');
  });
});
