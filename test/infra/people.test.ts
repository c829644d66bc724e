import { Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  houseFunction,
  houseFunctions,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

const cognitoActionsOf = (template: ReturnType<typeof synthesize>['template'], name: string) =>
  statementsFor(template, houseFunction(template, name))
    .flatMap((s) => asArray(s.Action))
    .filter((a) => a.startsWith('cognito-idp:'))
    .sort();

describe.each([
  ['dev', 'false', '90', 'INACTIVE'],
  ['prod', 'true', '400', 'ACTIVE'],
])('people on %s', (stage, ownerMfa, retention, deletionProtection) => {
  it(
    'has one user pool: e-mail sign-in, invitation only, TOTP offered, e-mailed reset codes',
    () => {
      const { template } = synthesize(stage);
      const pools = Object.values(resourcesOf(template, 'AWS::Cognito::UserPool'));
      expect(pools).toHaveLength(1);
      const pool = pools[0]!.Properties;
      expect(pool).toMatchObject({
        UsernameAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: true } },
        DeletionProtection: deletionProtection,
      });
      const client = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'))[0]!.Properties;
      expect(client.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']));
      expect(client.GenerateSecret).toBe(false);
      // The person cannot write the attributes that decide their business and role.
      expect(client.WriteAttributes).toEqual(['email']);
    },
    SYNTH_TIMEOUT_MS,
  );

  it('sets MFA for owners and the audit retention per stage, where tokens are verified', () => {
    const { template } = synthesize(stage);
    for (const name of ['admin-api', 'answer-worker']) {
      const env = houseFunction(template, name).environment;
      expect(env).toMatchObject({ OWNER_MFA_REQUIRED: ownerMfa, AUDIT_RETENTION_DAYS: retention });
      expect(env.USER_POOL_ID).toBeDefined();
      expect(env.USER_POOL_CLIENT_ID).toBeDefined();
    }
  });

  it('lets only the admin API manage people and the answer worker invite; nothing else touches the pool', () => {
    const { template } = synthesize(stage);
    expect(cognitoActionsOf(template, 'admin-api')).toEqual([
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminUpdateUserAttributes',
    ]);
    expect(cognitoActionsOf(template, 'answer-worker')).toEqual(['cognito-idp:AdminCreateUser']);
    for (const fn of houseFunctions(template).filter((f) => !['admin-api', 'answer-worker'].includes(f.name)))
      expect(cognitoActionsOf(template, fn.name)).toEqual([]);
  });

  it('leaves no route without an authorizer or a stated public reason', () => {
    const { stack } = synthesize(stage);
    const routes = stack.node.findAll().filter((c) => c instanceof apigwv2.HttpRoute) as apigwv2.HttpRoute[];
    expect(routes.length).toBeGreaterThan(0);
    const unexplained = routes.filter((route) => {
      const cfn = route.node.defaultChild as apigwv2.CfnRoute;
      if (cfn.authorizationType && cfn.authorizationType !== 'NONE') return false;
      // Acknowledgements are kept as `{ "Annotation::<rule>": "<reason>" }` on the route.
      const reasons = route.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((m) => (m.data as Record<string, string>)['Annotation::AwsSolutions-APIG4'] ?? '');
      return !reasons.some((reason) => reason.length > 40);
    });
    expect(unexplained.map((r) => r.node.path)).toEqual([]);
  });
});
