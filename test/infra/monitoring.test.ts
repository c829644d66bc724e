import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
}, SYNTH_TIMEOUT_MS);

describe('monitoring', () => {
  it('sends every alarm to the alarm topic, including the dead-letter alarm', () => {
    // Act
    const { template } = synthesize('dev');
    const [topicId] = Object.keys(resourcesOf(template, 'AWS::SNS::Topic'));
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));

    // Assess
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(alarms.some((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')).toBe(
      true,
    );
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it(
    'e-mails the alarm address when the stage has one',
    () => {
      // Act
      const { template } = synthesize('prod', { alarmEmail: 'ops@example.com' });

      // Assess
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});
