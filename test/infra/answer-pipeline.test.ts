import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/contracts/routes.js';
import { profileFor, webhookFunctionNames } from '../../lib/function-profiles.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import {
  asArray,
  houseFunction,
  houseFunctions,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

type QueueEntry = [string, { Properties: Record<string, unknown> }];

/** The answer queue is the FIFO queue with a redrive policy; its DLQ is the redrive target. */
const queues = (stage: string) => {
  const { template } = synthesize(stage);
  const all = Object.entries(resourcesOf(template, 'AWS::SQS::Queue')) as QueueEntry[];
  const answer = all.find(
    ([, queue]) => queue.Properties.FifoQueue === true && queue.Properties.RedrivePolicy !== undefined,
  );
  if (!answer) throw new Error('expected a FIFO answer queue with a redrive policy');
  const redrive = answer[1].Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } };
  const deadLetter = all.find(([id]) => id === redrive.deadLetterTargetArn['Fn::GetAtt'][0]);
  if (!deadLetter) throw new Error('expected the answer dead-letter queue');
  return { template, all, answer, deadLetter };
};

describe.each(['dev', 'prod'])('answer pipeline (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('is a FIFO queue without content-based dedupe, redriving to a FIFO DLQ', () => {
    // Act
    const { answer, deadLetter } = queues(stage);

    // Assess
    const [, queue] = answer;
    const [dlqId, dlq] = deadLetter;
    expect(queue.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: settings.maxReceiveCount,
    });
    expect(dlq.Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('encrypts every queue and refuses plain-HTTP access to it', () => {
    // Act
    const { template, all } = queues(stage);

    // Assess
    for (const [id, queue] of all) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('feeds the worker with partial batch failures and a visibility of 6x its timeout', () => {
    // Act
    const { template, answer } = queues(stage);
    const worker = houseFunction(template, 'answer-worker');

    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [answer[0], 'Arn'] },
      FunctionName: { Ref: worker.logicalId },
      BatchSize: settings.answerWorker.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const visibility = answer[1].Properties.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (worker.properties.Timeout as number));
  });

  it('lets only the webhooks and the owner-facing admin API send to the queue, and tells them its URL', () => {
    // Act
    const { template, answer } = queues(stage);

    // Assess
    for (const fn of houseFunctions(template)) {
      const sends = statementsFor(template, fn).filter(
        (statement) =>
          asArray(statement.Action).includes('sqs:SendMessage') &&
          JSON.stringify(statement.Resource).includes(`"${answer[0]}"`),
      );
      const name = fn.name as FunctionName;
      if (webhookFunctionNames().includes(name) || profileFor(name).enqueuesAnswers) {
        expect(fn.environment.ANSWER_QUEUE_URL).toEqual({ Ref: answer[0] });
        // CDK may merge the grant with another queue's (the admin API also feeds the ingest queue).
        expect(sends.flatMap((statement) => asArray(statement.Resource))).toContainEqual({
          'Fn::GetAtt': [answer[0], 'Arn'],
        });
      } else {
        expect(fn.environment.ANSWER_QUEUE_URL).toBeUndefined();
        expect(sends).toEqual([]);
      }
    }
  });
});

describe('answer pipeline settings', () => {
  it(
    'refuses a visibility timeout shorter than six worker timeouts',
    () => {
      // Prepare
      const dev = settingsForStage('dev');
      const answerWorker = { ...dev.answerWorker, visibilityTimeout: Duration.minutes(1) };

      // Act
      const build = () => synthesize('dev', { answerWorker });

      // Assess
      expect(build).toThrow(/must be at least 6x the worker timeout/);
    },
    SYNTH_TIMEOUT_MS,
  );
});
