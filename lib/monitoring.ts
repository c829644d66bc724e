import type { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../functions/contracts/metrics.js';
import type { HouseFunction } from './house-function.js';
import type { StageSettings } from './stage-settings.js';

export interface MonitoredQueue {
  /** `Answers`, `Ingest`: part of alarm ids and widget titles. */
  readonly label: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  /** Age at which the oldest waiting message counts as late. */
  readonly maxAge: Duration;
}

export interface MonitoringProps {
  readonly settings: StageSettings;
  readonly functions: readonly HouseFunction[];
  readonly queues: readonly MonitoredQueue[];
  readonly apiStage: apigwv2.IHttpStage;
  /** The chat widget's API stage (businesses' website visitors), alarmed on 5xx like the main one. */
  readonly widgetApiStage?: apigwv2.IHttpStage;
}

/** The dimension Powertools Metrics puts on every business metric (`functions/platform/observability.ts`). */
const SERVICE_DIMENSION = { service: METRICS_SERVICE };

/**
 * Everything an operator watches for one stage: one dashboard (API, queues, dead letters,
 * functions, the business) and the alarms that mean "a customer or an owner is not being
 * served". Every alarm notifies one SNS topic, which e-mails the stage's `alarmEmail`; the
 * thresholds are the stage's `alarms` settings. Plain CloudWatch constructs on purpose:
 * cdk-monitoring-constructs was tried and measured (BENCHMARKS.md, "Libraries considered"): it
 * needs an override on every alarm, changes the error rate's metric and costs 0.6 s per synth.
 *
 * @example
 * new Monitoring(this, 'Monitoring', { settings, functions, queues, apiStage: http.stage });
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: SnsAction;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings } = props;
    const thresholds = settings.alarms;
    this.period = thresholds.period;

    // Alarm notifications carry no customer data, and CloudWatch cannot publish to a topic
    // under the AWS managed SNS key, so the topic is not KMS-encrypted.
    this.topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true });
    if (settings.alarmEmail) this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    this.action = new SnsAction(this.topic);

    for (const { label, queue, deadLetterQueue, maxAge } of props.queues) {
      this.alarm(`${label}DeadLetters`, {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: this.period,
          statistic: 'Maximum',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `${label}: messages gave up after every retry and wait in the dead-letter queue.`,
      });
      this.alarm(`${label}Late`, {
        metric: queue.metricApproximateAgeOfOldestMessage({ period: this.period, statistic: 'Maximum' }),
        threshold: maxAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `${label}: a message has waited longer than ${maxAge.toHumanString()}.`,
      });
    }

    this.alarm('ApiServerErrors', {
      metric: props.apiStage.metricServerError({ period: this.period, statistic: 'Sum' }),
      threshold: thresholds.apiServerErrors,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'The API answered 5xx; providers may stop or retry webhook deliveries.',
    });
    if (props.widgetApiStage) {
      this.alarm('WidgetApiServerErrors', {
        metric: props.widgetApiStage.metricServerError({ period: this.period, statistic: 'Sum' }),
        threshold: thresholds.apiServerErrors,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: "The chat widget's API answered 5xx; visitors on businesses' sites see no chat.",
      });
    }

    for (const fn of props.functions) {
      this.alarm(`ErrorRate-${fn.name}`, {
        metric: new cloudwatch.MathExpression({
          expression: '100 * errors / invocations',
          usingMetrics: {
            errors: fn.function.metricErrors({ statistic: 'Sum' }),
            invocations: fn.function.metricInvocations({ statistic: 'Sum' }),
          },
          period: this.period,
          label: `${fn.name} error rate (%)`,
        }),
        threshold: thresholds.functionErrorRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `More than ${thresholds.functionErrorRatePercent}% of ${fn.name} invocations failed; see its log group.`,
      });
    }

    this.alarm('LlmFallbackRate', {
      metric: new cloudwatch.MathExpression({
        expression: '100 * fallbacks / answers',
        usingMetrics: { fallbacks: this.business('LlmFallbacks'), answers: this.business('LlmAnswers') },
        period: this.period,
        label: 'Answers not by the first model (%)',
      }),
      threshold: thresholds.llmFallbackRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'Answers come from fallback models or the extractive last resort: the first model is failing or its circuit is open.',
    });

    this.alarm('IngestFailures', {
      metric: this.business('DocumentsFailed'),
      threshold: thresholds.ingestFailures,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'Documents failed to ingest; owners see status "failed" with a reason.',
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { widgets: this.dashboardRows(props) });
  }

  /** A metric the functions publish through Powertools (EMF), summed over the alarm period. */
  private business(metricName: MetricName, statistic = 'Sum'): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: SERVICE_DIMENSION,
      statistic,
      period: this.period,
    });
  }

  private alarm(alarmId: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'>): void {
    const created = new cloudwatch.Alarm(this, alarmId, {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    created.addAlarmAction(this.action);
    created.addOkAction(this.action);
    this.alarms.push(created);
  }

  private dashboardRows(props: MonitoringProps): cloudwatch.IWidget[][] {
    const { apiStage, queues, functions } = props;
    const period = this.period;
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8, right?: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left, right, width, height: 6 });
    const perFunction = (metric: (fn: HouseFunction) => cloudwatch.IMetric) => functions.map(metric);

    return [
      [
        new cloudwatch.AlarmStatusWidget({
          title: `Frontdesk ${props.settings.stage}: alarms`,
          alarms: this.alarms,
          width: 24,
          height: 4,
        }),
      ],
      [
        graph('API requests', [apiStage.metricCount({ period, statistic: 'Sum', label: 'requests' })]),
        graph('API 4xx / 5xx', [
          apiStage.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          apiStage.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ]),
        graph('API latency (ms)', [
          apiStage.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          apiStage.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          apiStage.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
        ]),
      ],
      [
        graph(
          'Queue depth',
          queues.map(({ label, queue }) =>
            queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label }),
          ),
        ),
        graph(
          'Oldest message age (s)',
          queues.map(({ label, queue }) =>
            queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label }),
          ),
        ),
        graph(
          'Dead-letter queues',
          queues.map(({ label, deadLetterQueue }) =>
            deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: 'Maximum',
              label: `${label} DLQ`,
            }),
          ),
        ),
      ],
      [
        graph(
          'Function errors',
          perFunction((fn) => fn.function.metricErrors({ period, statistic: 'Sum', label: fn.name })),
        ),
        graph(
          'Function throttles',
          perFunction((fn) => fn.function.metricThrottles({ period, statistic: 'Sum', label: fn.name })),
        ),
        graph(
          'Function duration p99 (ms)',
          perFunction((fn) => fn.function.metricDuration({ period, statistic: 'p99', label: fn.name })),
        ),
      ],
      [
        graph('Webhooks', [
          this.business('WebhookReceived'),
          this.business('WebhookRefused'),
          this.business('DuplicateWebhook'),
        ]),
        graph('Messages answered', [this.business('MessagesAnswered'), this.business('AnswerFailed')]),
        graph('Answer latency (ms)', [
          this.business('AnswerLatency', 'p50'),
          this.business('AnswerLatency', 'p99'),
        ]),
      ],
      [
        graph('LLM tokens', [this.business('LlmInputTokens'), this.business('LlmOutputTokens')], 8, [
          this.business('LlmEstimatedCostMicroUsd'),
        ]),
        graph('LLM errors and fallbacks', [
          this.business('LlmAnswers'),
          this.business('LlmFallbacks'),
          this.business('ModelCallFailed'),
          this.business('ModelSkippedOpenCircuit'),
          this.business('AnsweredByLastResort'),
        ]),
        graph('Retrieval and handoffs', [
          this.business('Retrievals'),
          this.business('RetrievalMisses'),
          this.business('AnswersNotGrounded'),
          this.business('Handoffs'),
        ]),
      ],
      [
        graph('Documents', [
          this.business('DocumentsReady'),
          this.business('DocumentsFailed'),
          this.business('DocumentsSkipped'),
        ]),
        graph('Sends failed by provider error code', [
          this.business('SendFailed'),
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},errorCode,provider,service} MetricName="SendFailedByCode"', 'Sum', ${period.toSeconds()})`,
            label: '',
            period,
          }),
        ]),
        graph('Cold starts', [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},function_name,service} MetricName="ColdStart"', 'Sum', ${period.toSeconds()})`,
            label: '',
            period,
          }),
        ]),
      ],
    ];
  }
}
