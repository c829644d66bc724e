import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';
import type { StageSettings } from './stage-settings.js';

export interface MonitoringProps {
  readonly settings: StageSettings;
  readonly functions: readonly HouseFunction[];
  /** Each queue with the age at which its oldest message counts as late. */
  readonly queues: readonly {
    readonly label: string;
    readonly queue: sqs.IQueue;
    readonly deadLetterQueue: sqs.IQueue;
    readonly maxAge: Duration;
  }[];
  readonly apiStage: { metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric };
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms that mean "a customer or an owner is not being served": dead letters, late
 * queues, API 5xx, function errors. All go to one topic that e-mails `alarmEmail` when set.
 *
 * @example
 * new Monitoring(this, 'Monitoring', { settings, functions, queues, apiStage });
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings } = props;

    // Alarm notifications carry no customer data, and CloudWatch cannot publish to a topic
    // under the AWS managed SNS key, so the topic is not KMS-encrypted.
    this.topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true });
    if (settings.alarmEmail) this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'>): void => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
    };

    for (const { label, queue, deadLetterQueue, maxAge } of props.queues) {
      alarm(`${label}DeadLetters`, {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `${label}: messages gave up after every retry and wait in the dead-letter queue.`,
      });
      alarm(`${label}Late`, {
        metric: queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: maxAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `${label}: a message has waited longer than ${maxAge.toHumanString()}.`,
      });
    }

    alarm('ApiServerErrors', {
      metric: props.apiStage.metricServerError({ period: FIVE_MINUTES }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'The API answered 5xx; providers may stop or retry webhook deliveries.',
    });

    for (const fn of props.functions) {
      alarm(`Errors-${fn.name}`, {
        metric: fn.function.metricErrors({ period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `The ${fn.name} function failed an invocation; see its log group.`,
      });
    }
  }
}
