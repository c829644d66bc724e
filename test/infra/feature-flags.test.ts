import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { settingsForStage } from '../../lib/stage-settings.js';
import { resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

const recommended: Record<string, unknown> = createRequire(import.meta.url)(
  'aws-cdk-lib/recommended-feature-flags.json',
);
const context: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

describe('CDK feature flags', () => {
  it('cdk.json sets every flag this aws-cdk-lib recommends, so `cdk synth` warns of none', () => {
    // Act
    const unset = Object.keys(recommended).filter((flag) => !(flag in context));

    // Assess
    expect(unset).toEqual([]);
  });

  it.each(['dev', 'prod'])(
    'every log group of the %s stage, the console deployment handler included, keeps the stage retention and key',
    (stage) => {
      // Prepare
      const { template } = synthesize(stage);
      const days = settingsForStage(stage).logRetention;

      // Act
      const groups = Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup'));

      // Assess
      expect(groups.length).toBeGreaterThan(0);
      for (const [id, group] of groups) expect([id, group.Properties.RetentionInDays]).toEqual([id, days]);
      // Encrypted with the stage key where the stage has one (prod), by CloudWatch's own keys elsewhere.
      const [keyId] = Object.keys(resourcesOf(template, 'AWS::KMS::Key'));
      const expectedKey = settingsForStage(stage).customerManagedKey
        ? { 'Fn::GetAtt': [keyId, 'Arn'] }
        : undefined;
      for (const [id, group] of groups) expect([id, group.Properties.KmsKeyId]).toEqual([id, expectedKey]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
