import type { Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

/**
 * Findings name ARNs as cdk-nag prints them, and that changes with the environment: tokens when
 * the stack is environment-agnostic, literals once `cdk synth` passes a region or a deploy
 * passes account and region. Acknowledgements must hold in every shape.
 */
const ENVIRONMENTS: [string, Environment | undefined][] = [
  ['environment-agnostic', undefined],
  ['region only, as offline cdk synth', { region: 'us-east-1' }],
  ['account and region, as a deploy', { account: '123456789012', region: 'eu-west-1' }],
];

describe.each(['dev', 'prod'])('cdk-nag AwsSolutions (%s)', (stage) => {
  it.each(ENVIRONMENTS)(
    'reports no unacknowledged error or warning (%s)',
    (_, env) => {
      // Prepare
      const { stack } = synthesize(stage, {}, env);

      // Act
      const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);

      // Assess
      const findings = report.violations.map(
        (violation) =>
          `${violation.severity} ${violation.ruleName}: ${violation.violatingResources
            .map((resource) => resource.constructPath)
            .join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    },
    SYNTH_TIMEOUT_MS,
  );
});
