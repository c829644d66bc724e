import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { profileFor } from './function-profiles.js';
import { HouseFunction } from './house-function.js';
import type { StageSettings } from './stage-settings.js';

export interface AnswerPipelineProps {
  readonly settings: StageSettings;
  /** Webhook functions that enqueue inbound messages. */
  readonly producers: readonly HouseFunction[];
}

const WORKER = 'answer-worker';

/**
 * The answer queue and its worker. The queue is FIFO so one conversation (message group =
 * tenant + customer) is answered in order; producers pass the provider's message id as the
 * deduplication id, so content-based deduplication stays off. Poison messages move to a FIFO
 * dead-letter queue after `maxReceiveCount` receives and wait there 14 days.
 *
 * @example
 * const pipeline = new AnswerPipeline(this, 'Answers', { settings, producers: [twilioWebhook] });
 * pipeline.worker.function.addEnvironment('TABLE_NAME', table.tableName);
 */
export class AnswerPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: HouseFunction;

  constructor(scope: Construct, id: string, props: AnswerPipelineProps) {
    super(scope, id);
    const { settings } = props;
    const profile = profileFor(WORKER);
    assertVisibilityCoversRetries(settings.answerWorker.visibilityTimeout, profile.timeout);

    const queueDefaults = {
      fifo: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: settings.removalPolicy,
    };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      ...queueDefaults,
      contentBasedDeduplication: false,
      // High-throughput FIFO: ordering and dedupe only matter inside one conversation, and a
      // provider message id always lands in the same group.
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: settings.answerWorker.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    this.worker = new HouseFunction(this, 'Worker', {
      name: WORKER,
      settings,
      memorySize: profile.memorySize,
      timeout: profile.timeout,
      environment: modelEnvironment(settings),
    });

    const reserved = settings.reservedConcurrency[WORKER];
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.answerWorker.batchSize,
        reportBatchItemFailures: true,
        // Polling no faster than the reserved concurrency keeps throttles from burning receives
        // and pushing healthy messages into the dead-letter queue.
        maxConcurrency: reserved === undefined ? undefined : Math.max(2, reserved),
      }),
    );

    for (const producer of props.producers) {
      this.queue.grantSendMessages(producer);
      producer.function.addEnvironment('ANSWER_QUEUE_URL', this.queue.queueUrl);
    }
  }
}

/** AWS advises a visibility timeout of at least six times the consumer's timeout. */
const assertVisibilityCoversRetries = (visibility: Duration, timeout: Duration): void => {
  if (visibility.toSeconds() < 6 * timeout.toSeconds()) {
    throw new Error(
      `Answer queue visibility timeout (${visibility.toSeconds()} s) must be at least 6x the worker timeout (${timeout.toSeconds()} s).`,
    );
  }
};

const modelEnvironment = (settings: StageSettings): Record<string, string> => {
  const environment: Record<string, string> = {
    OPENAI_MODEL: settings.openAi.chatModel,
    OPENAI_EMBEDDING_MODEL: settings.openAi.embeddingModel,
  };
  if (settings.openAi.baseUrl) environment.OPENAI_BASE_URL = settings.openAi.baseUrl;
  if (settings.pineconeIndex) environment.PINECONE_INDEX = settings.pineconeIndex;
  return environment;
};
