import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';
import { QueueWorker } from './queue-worker.js';
import type { StageSettings } from './stage-settings.js';

export interface AnswerPipelineProps {
  readonly settings: StageSettings;
  /** Webhook functions that enqueue inbound messages. */
  readonly producers: readonly HouseFunction[];
}

/**
 * The answer queue and its worker. The queue is FIFO so one conversation (message group =
 * tenant + customer) is answered in order; producers pass the provider's message id as the
 * deduplication id, so content-based deduplication stays off. Poison messages move to a FIFO
 * dead-letter queue after `maxReceiveCount` receives and wait there 14 days.
 *
 * @example
 * const answers = new AnswerPipeline(this, 'Answers', { settings, producers: [twilioWebhook] });
 */
export class AnswerPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: HouseFunction;

  constructor(scope: Construct, id: string, props: AnswerPipelineProps) {
    super(scope, id);
    const { settings } = props;

    const consumer = new QueueWorker(this, 'Consumer', {
      name: 'answer-worker',
      settings,
      consumer: settings.answerWorker,
      fifo: {
        contentBasedDeduplication: false,
        // High-throughput FIFO: ordering and dedupe only matter inside one conversation, and a
        // provider message id always lands in the same group.
        deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      },
    });
    this.queue = consumer.queue;
    this.deadLetterQueue = consumer.deadLetterQueue;
    this.worker = consumer.worker;

    for (const producer of props.producers) {
      this.queue.grantSendMessages(producer);
      producer.setEnvironment({ ANSWER_QUEUE_URL: this.queue.queueUrl });
    }
  }
}
