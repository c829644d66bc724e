import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { SecretName } from '../functions/platform/routes.js';
import { secretsPathFor } from './house-function.js';

/**
 * The SSM name pattern of tenants' own copies of a secret, SecureStrings the operator creates at
 * `/frontdesk/<stage>/tenants/<tenantId>/<NAME>` (e.g. a tenant's META_ACCESS_TOKEN, read by
 * `functions/channels/meta/access-token.ts`).
 */
export const tenantSecretPattern = (stage: string, name: SecretName): string =>
  `${secretsPathFor(stage)}tenants/*/${name}`;

/**
 * Lets a function read every tenant's own copy of these secrets and nothing else. Tenants are
 * created at run time, so the tenant id is a wildcard; the stage and the name are fixed. The
 * parameters use the account's `aws/ssm` key, whose key policy already admits callers through
 * SSM, as for the stage's own secrets.
 *
 * @example
 * grantTenantSecrets(worker, 'prod', ['META_ACCESS_TOKEN']);
 */
export const grantTenantSecrets = (
  grantee: iam.IGrantable & IConstruct,
  stage: string,
  names: readonly SecretName[],
): void => {
  const stack = Stack.of(grantee);
  for (const secret of names) {
    const name = tenantSecretPattern(stage, secret).replace(/^\//, '');
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: name,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'AWS::Partition')}:ssm:${shown(stack.region, 'AWS::Region')}:${shown(stack.account, 'AWS::AccountId')}:parameter/${name}]`,
      reason: `Each tenant's own ${secret} is stored at run time; the wildcard stands for the tenant id only, in this stage, for this one name.`,
    });
  }
};

/**
 * How cdk-nag prints an ARN part: the literal when the stack's environment fixes it (`cdk synth`
 * passes a region; deploys pass account and region), `<AWS::Region>` etc. when it does not.
 */
const shown = (value: string, pseudoParameter: string): string =>
  Token.isUnresolved(value) ? `<${pseudoParameter}>` : value;
