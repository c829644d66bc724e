import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../functions/contracts/metrics.js';
import { FUNCTION_NAMES } from '../../functions/contracts/routes.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import {
  flatten,
  houseFunction,
  houseFunctions,
  httpApiResourcesOf,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

interface AlarmProperties {
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[];
}

const alarmsOf = (template: Template) =>
  Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(([id, alarm]) => ({
    id,
    ...(alarm.Properties as unknown as AlarmProperties),
  }));

/** Logical ids of the queues that some queue's redrive policy names as its dead-letter target. */
const deadLetterQueueIds = (template: Template): string[] =>
  Object.values(resourcesOf(template, 'AWS::SQS::Queue')).flatMap((queue) => {
    const redrive = queue.Properties.RedrivePolicy as
      | { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } }
      | undefined;
    return redrive ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
  });

const queueNameDimension = (alarm: AlarmProperties): string =>
  flatten(alarm.Dimensions?.find((d) => d.Name === 'QueueName')?.Value);

/** The metric names an alarm's math expression reads. */
const metricsIn = (alarm: AlarmProperties): string[] =>
  (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));

describe.each(['dev', 'prod'])('operations (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('gives every function its log retention and its Powertools settings', () => {
    // Act
    const { template } = synthesize(stage);
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');

    // Assess
    const functions = houseFunctions(template);
    expect(functions.map((fn) => fn.name).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const fn of functions) {
      expect(fn.environment).toMatchObject({
        POWERTOOLS_SERVICE_NAME: fn.name,
        POWERTOOLS_LOG_LEVEL: settings.logLevel,
        STAGE: stage,
      });
      const logging = fn.properties.LoggingConfig as {
        LogFormat: string;
        ApplicationLogLevel: string;
        LogGroup: { Ref: string };
      };
      expect(logging).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: settings.logLevel });
      expect(logGroups[logging.LogGroup.Ref]?.Properties.RetentionInDays).toBe(settings.logRetention);
    }
  });

  it('alarms on any message in any dead-letter queue', () => {
    // Act
    const { template } = synthesize(stage);
    const alarms = alarmsOf(template);
    const deadLetterQueues = deadLetterQueueIds(template);

    // Assess
    expect(deadLetterQueues.length).toBe(2);
    for (const queueId of deadLetterQueues) {
      const alarm = alarms.find(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          queueNameDimension(a) === `\${${queueId}.QueueName}`,
      );
      expect(alarm, `no alarm watches dead-letter queue ${queueId}`).toBeDefined();
      expect(alarm!.Threshold).toBe(1);
    }
  });

  it('wires every alarm to the alarm topic, for alarm and recovery', () => {
    // Act
    const { template } = synthesize(stage);
    const [topicId, ...otherTopics] = Object.keys(resourcesOf(template, 'AWS::SNS::Topic'));

    // Assess
    expect(otherTopics).toEqual([]);
    for (const alarm of alarmsOf(template)) {
      expect(alarm.AlarmActions, alarm.id).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions, alarm.id).toEqual([{ Ref: topicId }]);
    }
  });

  it('alarms on a late answer, function error rates, API 5xx, LLM fallbacks and ingest failures', () => {
    // Act
    const { template } = synthesize(stage);
    const alarms = alarmsOf(template);
    const thresholds = settings.alarms;

    // Assess
    const late = alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(late.map((a) => a.Threshold).sort((a, b) => a - b)).toEqual([
      thresholds.answerQueueMaxAge.toSeconds(),
      thresholds.ingestQueueMaxAge.toSeconds(),
    ]);
    expect(thresholds.answerQueueMaxAge.toSeconds()).toBe(60);

    const errorRates = alarms.filter((a) => metricsIn(a).includes('Errors'));
    expect(errorRates.length).toBe(FUNCTION_NAMES.length);
    for (const alarm of errorRates) {
      expect(metricsIn(alarm).sort()).toEqual(['Errors', 'Invocations']);
      expect(alarm.Threshold).toBe(thresholds.functionErrorRatePercent);
    }

    expect(alarms.find((a) => a.MetricName === '5xx')?.Threshold).toBe(thresholds.apiServerErrors);
    const fallback = alarms.find((a) => metricsIn(a).includes('LlmFallbacks'));
    expect(metricsIn(fallback!).sort()).toEqual(['LlmAnswers', 'LlmFallbacks']);
    expect(fallback!.Threshold).toBe(thresholds.llmFallbackRatePercent);
    const ingest = alarms.find((a) => a.MetricName === 'DocumentsFailed');
    expect(ingest).toMatchObject({ Namespace: METRICS_NAMESPACE, Threshold: thresholds.ingestFailures });
  });

  it('builds one dashboard for the stage, covering API, queues, functions and the business', () => {
    // Act
    const { template } = synthesize(stage);
    const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));

    // Assess
    expect(dashboards.length).toBe(1);
    const body = flatten(dashboards[0]!.Properties.DashboardBody);
    for (const title of [
      'API 4xx / 5xx',
      'API latency (ms)',
      'Queue depth',
      'Oldest message age (s)',
      'Dead-letter queues',
      'Function errors',
      'Function throttles',
      'Function duration p99 (ms)',
      'Messages answered',
      'LLM tokens',
      'Sends failed by provider error code',
    ]) {
      expect(body).toContain(`"title":"${title}"`);
    }
    for (const metric of [
      'MessagesAnswered',
      'AnswerLatency',
      'LlmInputTokens',
      'RetrievalMisses',
      'ColdStart',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('caps the answer worker so a flood waits in the queue instead of exhausting the LLM quota', () => {
    // Act
    const { template } = synthesize(stage);
    const worker = houseFunction(template, 'answer-worker');
    const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
      (m) => flatten(m.Properties.FunctionName) === `\${${worker.logicalId}}`,
    );

    // Assess
    const cap = (mapping?.Properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)
      ?.MaximumConcurrency;
    expect(cap).toBeGreaterThanOrEqual(2);
    expect(cap).toBeLessThanOrEqual(settings.answerWorker.maxConcurrency ?? Number.POSITIVE_INFINITY);
    const stages = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages[0]?.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: settings.apiThrottle.other.rateLimit,
      ThrottlingBurstLimit: settings.apiThrottle.other.burstLimit,
    });
  });
});

describe('production', () => {
  it('retains its data, logs and queues when the stack is deleted', () => {
    // Act
    const { template } = synthesize('prod');

    // Assess
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::SQS::Queue',
      'AWS::Logs::LogGroup',
    ]) {
      const resources = Object.entries(template.findResources(type));
      expect(resources.length, type).toBeGreaterThan(0);
      for (const [id, resource] of resources) expect(resource.DeletionPolicy, `${type} ${id}`).toBe('Retain');
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('reserves concurrency for the queue workers and polls no faster than it', () => {
    // Act
    const { template } = synthesize('prod');
    const settings = settingsForStage('prod');

    // Assess
    for (const name of ['answer-worker', 'ingest-worker'] as const) {
      const worker = houseFunction(template, name);
      const reserved = settings.reservedConcurrency[name];
      expect(reserved).toBeGreaterThan(0);
      expect(worker.properties.ReservedConcurrentExecutions).toBe(reserved);
      const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
        (m) => flatten(m.Properties.FunctionName) === `\${${worker.logicalId}}`,
      );
      expect(mapping?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: reserved });
    }
  });

  it('e-mails the alarms to the address given at deploy time', () => {
    // Act
    const { template } = synthesize('prod', { alarmEmail: 'ops@example.com' });

    // Assess
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('a development stage', () => {
  it('lets its data go with the stack', () => {
    // Act
    const { template } = synthesize('dev');

    // Assess
    for (const [, table] of Object.entries(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });
});
