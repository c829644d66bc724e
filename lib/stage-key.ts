import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import type { StageSettings } from './stage-settings.js';

const STAGE_KEY_ID = 'StageKey';

/**
 * The stage's customer-managed KMS key, when `settings.customerManagedKey` asks for one: a single
 * key per stack (one monthly key fee, not one per log group), created by the first construct that
 * needs it. CloudWatch Logs of this account and region may use it for this account's log groups;
 * functions reach it only through the grants of the uploads bucket.
 *
 * @example
 * new logs.LogGroup(this, 'Logs', { encryptionKey: stageKeyFor(this, settings) });
 */
export const stageKeyFor = (scope: IConstruct, settings: StageSettings): kms.IKey | undefined => {
  if (!settings.customerManagedKey) return undefined;
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(STAGE_KEY_ID);
  if (existing) return existing as kms.Key;

  const key = new kms.Key(stack, STAGE_KEY_ID, {
    description: `Frontdesk ${settings.stage}: log groups and uploaded documents`,
    enableKeyRotation: true,
    // Logs and documents encrypted under the key stay readable only while it exists.
    removalPolicy: settings.removalPolicy,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  // A grant is a second, policy-free way to use the key; only AWS services acting for this
  // account's resources may create one (Control Tower's CT.KMS.PR.3). No Frontdesk code needs one.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
};
