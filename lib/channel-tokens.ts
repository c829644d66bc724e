import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { ChannelTokenAccess } from '../functions/contracts/routes.js';
import { secretsPathFor } from './house-function.js';

/**
 * The SSM name pattern of claimed addresses' Meta tokens, SecureStrings the admin API writes when
 * a business proves it controls an address: `/frontdesk/<stage>/channel-tokens/<channel>/<address>`
 * (`functions/channels/meta/channel-tokens.ts`).
 */
export const channelTokenPattern = (stage: string): string => `${secretsPathFor(stage)}channel-tokens/*`;

const ACTIONS: Record<ChannelTokenAccess, string[]> = {
  read: ['ssm:GetParameter'],
  write: ['ssm:PutParameter', 'ssm:DeleteParameter'],
};

/**
 * Lets a function read (the answer worker, to send) or write (the admin API, on a claim) the
 * stage's channel tokens and nothing else. Addresses are claimed at run time, so the address is a
 * wildcard; the stage and the folder are fixed. The parameters use the account's `aws/ssm` key,
 * whose key policy already admits callers through SSM, as for the stage's own secrets.
 *
 * @example
 * grantChannelTokens(worker, 'prod', ['read']);
 */
export const grantChannelTokens = (
  grantee: iam.IGrantable & IConstruct,
  stage: string,
  access: readonly ChannelTokenAccess[],
): void => {
  if (access.length === 0) return;
  const stack = Stack.of(grantee);
  const name = channelTokenPattern(stage).replace(/^\//, '');
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: access.flatMap((a) => ACTIONS[a]),
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
    reason:
      'Each claimed address stores its own Meta token at run time; the wildcard stands for the channel and address only, in this stage, under this one folder.',
  });
};

/**
 * How cdk-nag prints an ARN part: the literal when the stack's environment fixes it (`cdk synth`
 * passes a region; deploys pass account and region), `<AWS::Region>` etc. when it does not.
 */
const shown = (value: string, pseudoParameter: string): string =>
  Token.isUnresolved(value) ? `<${pseudoParameter}>` : value;
