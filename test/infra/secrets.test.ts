import { beforeAll, describe, expect, it } from 'vitest';
import {
  FUNCTION_CHANNEL_TOKENS,
  FUNCTION_NAMES,
  FUNCTION_SECRETS,
} from '../../functions/contracts/routes.js';
import { asArray, flatten, houseFunction, SYNTH_TIMEOUT_MS, statementsFor, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

const parameterArn = (stage: string, name: string) =>
  `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/frontdesk/${stage}/${name}`;

describe.each(['dev', 'prod'])('secret read grants (%s)', (stage) => {
  it.each(FUNCTION_NAMES)('%s may read its own SSM parameters and no others', (name) => {
    // Act
    const { template } = synthesize(stage);
    const statements = statementsFor(template, houseFunction(template, name));
    const ssm = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('ssm:')),
    );

    // Assess
    const resources = ssm.flatMap((statement) => asArray(statement.Resource).map(flatten)).sort();
    expect(resources).toEqual(
      [
        ...FUNCTION_SECRETS[name].map((secret) => parameterArn(stage, secret)),
        ...((FUNCTION_CHANNEL_TOKENS[name] ?? []).length > 0
          ? [parameterArn(stage, 'channel-tokens/*')]
          : []),
      ].sort(),
    );
    for (const statement of ssm) {
      expect(statement.Effect).toBe('Allow');
      const actions = asArray(statement.Action);
      expect(actions.includes('ssm:GetParameter') || actions.includes('ssm:PutParameter')).toBe(true);
      expect(asArray(statement.Action).every((action) => action.startsWith('ssm:'))).toBe(true);
    }
  });
});
