import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionName } from '../functions/contracts/routes.js';
import { acknowledgeControl } from './control-tower.js';
import { profileFor } from './function-profiles.js';
import { HouseFunction } from './house-function.js';
import type { QueueConsumerSettings, StageSettings } from './stage-settings.js';

export interface QueueWorkerProps {
  /** The consuming function, `functions/<name>/index.ts`. */
  readonly name: FunctionName;
  readonly settings: StageSettings;
  readonly consumer: QueueConsumerSettings;
  /** FIFO-only settings; absent means a standard queue. */
  readonly fifo?: Pick<
    sqs.QueueProps,
    'contentBasedDeduplication' | 'deduplicationScope' | 'fifoThroughputLimit'
  >;
}

/**
 * An encrypted, TLS-only queue with a dead-letter queue (FIFO when the main queue is), consumed
 * by a house function that reports partial batch failures, so one poison message is retried and
 * dead-lettered alone.
 *
 * @example
 * const ingest = new QueueWorker(this, 'Ingest', {
 *   name: 'ingest-worker', settings, consumer: settings.ingestWorker,
 * });
 */
export class QueueWorker extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: HouseFunction;

  constructor(scope: Construct, id: string, props: QueueWorkerProps) {
    super(scope, id);
    const { name, settings, consumer } = props;
    const profile = profileFor(name);
    assertVisibilityCoversRetries(name, consumer.visibilityTimeout, profile.timeout);

    const common = {
      fifo: props.fifo ? true : undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: settings.removalPolicy,
    };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...common,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeControl(
      this.deadLetterQueue,
      'CT.SQS.PR.1',
      'This is the dead-letter queue: a message that lands here waits 14 days for a redrive (npm run redrive) and raises an alarm; a queue behind it would only hide it further.',
    );
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      ...props.fifo,
      visibilityTimeout: consumer.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    this.worker = new HouseFunction(this, 'Worker', {
      name,
      settings,
      memorySize: profile.memorySize,
      timeout: profile.timeout,
    });

    const reserved = settings.reservedConcurrency[name];
    // Polling no faster than the reserved concurrency keeps throttles from burning receives
    // and pushing healthy messages into the dead-letter queue (the minimum allowed is 2).
    const caps = [consumer.maxConcurrency, reserved].filter((cap) => cap !== undefined);
    const maxConcurrency = caps.length > 0 ? Math.max(2, Math.min(...caps)) : undefined;
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: consumer.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );
  }
}

/** AWS advises a visibility timeout of at least six times the consumer's timeout. */
const assertVisibilityCoversRetries = (name: string, visibility: Duration, timeout: Duration): void => {
  if (visibility.toSeconds() < 6 * timeout.toSeconds()) {
    throw new Error(
      `The ${name} queue's visibility timeout (${visibility.toSeconds()} s) must be at least 6x the worker timeout (${timeout.toSeconds()} s).`,
    );
  }
};
