import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeControl } from './control-tower.js';
import { type HouseFunction, LAMBDA_OUTSIDE_VPC_REASON } from './house-function.js';
import { QueueWorker } from './queue-worker.js';
import type { StageSettings } from './stage-settings.js';
import { grantTextractOcr } from './textract-access.js';
import { UPLOAD_KEY_PREFIX, type UploadsBucket } from './uploads-bucket.js';

export interface IngestPipelineProps {
  readonly settings: StageSettings;
  readonly uploads: UploadsBucket;
  /** Functions that ask for a document to be reindexed. */
  readonly producers: readonly HouseFunction[];
}

/**
 * Document ingestion: every object created under the tenants' prefix notifies a standard queue
 * (order does not matter between documents), which feeds the ingest worker. Reindex requests
 * share the queue. The worker marks a document failed on its last receive, so it learns the
 * queue's maxReceiveCount.
 *
 * @example
 * new IngestPipeline(this, 'Ingest', { settings, uploads, producers: [adminApi] });
 */
export class IngestPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: HouseFunction;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const { settings } = props;

    const consumer = new QueueWorker(this, 'Consumer', {
      name: 'ingest-worker',
      settings,
      consumer: settings.ingestWorker,
    });
    this.queue = consumer.queue;
    this.deadLetterQueue = consumer.deadLetterQueue;
    this.worker = consumer.worker;
    this.worker.setEnvironment({ INGEST_MAX_RECEIVE_COUNT: String(settings.maxReceiveCount) });
    // Photos and scanned PDFs are read by Amazon Textract (the embedded engine is for local use).
    grantTextractOcr(this.worker);

    props.uploads.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: UPLOAD_KEY_PREFIX,
    });
    acknowledgeNotificationsHandler(Stack.of(this));

    for (const producer of props.producers) {
      this.queue.grantSendMessages(producer);
      producer.setEnvironment({ INGEST_QUEUE_URL: this.queue.queueUrl });
    }
  }
}

/**
 * CDK configures bucket notifications through its own singleton Lambda, whose role it builds
 * with a managed policy we cannot replace.
 */
const acknowledgeNotificationsHandler = (stack: Stack): void => {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
    Validations.of(child).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's bucket-notifications handler (runs only during deployment) has a fixed role with AWSLambdaBasicExecutionRole; the role is not configurable.",
    });
    acknowledgeControl(
      child,
      'CT.LAMBDA.PR.3',
      `CDK's bucket-notifications handler runs only during deploys. ${LAMBDA_OUTSIDE_VPC_REASON}`,
    );
  }
};
