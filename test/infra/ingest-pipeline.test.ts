import { Duration } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/contracts/routes.js';
import { profileFor } from '../../lib/function-profiles.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import { asArray, houseFunction, resourcesOf, SYNTH_TIMEOUT_MS, statementsFor, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

/** The ingest queue is the standard queue with a redrive policy; its DLQ is the redrive target. */
const ingestQueues = (stage: string) => {
  const { template } = synthesize(stage);
  const all = Object.entries(resourcesOf(template, 'AWS::SQS::Queue'));
  const ingest = all.find(([, queue]) => !queue.Properties.FifoQueue && queue.Properties.RedrivePolicy);
  if (!ingest) throw new Error('expected a standard ingest queue with a redrive policy');
  const redrive = ingest[1].Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } };
  const deadLetter = all.find(([id]) => id === redrive.deadLetterTargetArn['Fn::GetAtt'][0]);
  if (!deadLetter) throw new Error('expected the ingest dead-letter queue');
  return { template, ingest, deadLetter };
};

describe.each(['dev', 'prod'])('ingest pipeline (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('is a standard queue redriving to its own dead-letter queue', () => {
    // Act
    const { ingest, deadLetter } = ingestQueues(stage);

    // Assess
    expect(ingest[1].Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: settings.maxReceiveCount });
    expect(deadLetter[1].Properties.FifoQueue).toBeUndefined();
    expect(deadLetter[1].Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('is notified of every object created under tenants/', () => {
    // Act
    const { template, ingest } = ingestQueues(stage);

    // Assess
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'tenants/' }] } },
            QueueArn: { 'Fn::GetAtt': [ingest[0], 'Arn'] },
          },
        ],
      },
    });
  });

  it('feeds the worker one document at a time with partial batch failures', () => {
    // Act
    const { template, ingest } = ingestQueues(stage);
    const worker = houseFunction(template, 'ingest-worker');

    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [ingest[0], 'Arn'] },
      FunctionName: { Ref: worker.logicalId },
      BatchSize: settings.ingestWorker.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(ingest[1].Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * (worker.properties.Timeout as number),
    );
    expect(worker.environment.INGEST_MAX_RECEIVE_COUNT).toBe(String(settings.maxReceiveCount));
  });

  it('lets only the functions that ask for reindexing send to it', () => {
    // Act
    const { template, ingest } = ingestQueues(stage);

    // Assess
    for (const name of FUNCTION_NAMES) {
      const fn = houseFunction(template, name);
      const sends = statementsFor(template, fn)
        .filter((statement) => asArray(statement.Action).includes('sqs:SendMessage'))
        .flatMap((statement) => asArray(statement.Resource));
      const target = { 'Fn::GetAtt': [ingest[0], 'Arn'] };
      if (profileFor(name).enqueuesIngest) {
        expect(sends).toContainEqual(target);
        expect(fn.environment.INGEST_QUEUE_URL).toEqual({ Ref: ingest[0] });
      } else {
        expect(sends).not.toContainEqual(target);
        expect(fn.environment.INGEST_QUEUE_URL).toBeUndefined();
      }
    }
  });
});

describe('ingest pipeline settings', () => {
  it(
    'refuses a visibility timeout shorter than six worker timeouts',
    () => {
      // Prepare
      const ingestWorker = { batchSize: 1, visibilityTimeout: Duration.minutes(10) };

      // Act
      const build = () => synthesize('dev', { ingestWorker });

      // Assess
      expect(build).toThrow(/ingest-worker queue's visibility timeout .* must be at least 6x/);
    },
    SYNTH_TIMEOUT_MS,
  );
});
