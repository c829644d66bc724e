import type * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { SecretName } from '../functions/contracts/routes.js';
import { secretsPathFor } from './house-function.js';

export interface StageSecretsProps {
  readonly stage: string;
}

/**
 * The stage's secrets as references to SecureString parameters `/frontdesk/<stage>/<NAME>`,
 * which the operator creates out of band. Only ARNs reach the template: CloudFormation never
 * resolves a value, and functions read them at run time through SECRETS_PATH.
 *
 * @example
 * const secrets = new StageSecrets(this, 'Secrets', { stage: 'prod' });
 * secrets.grantRead(worker, FUNCTION_SECRETS['answer-worker']);
 */
export class StageSecrets extends Construct {
  private readonly stage: string;
  private readonly parameters = new Map<SecretName, ssm.IStringParameter>();

  constructor(scope: Construct, id: string, props: StageSecretsProps) {
    super(scope, id);
    this.stage = props.stage;
  }

  /** Full parameter name of a secret, e.g. `/frontdesk/prod/TWILIO_AUTH_TOKEN`. */
  parameterName(name: SecretName): string {
    return `${secretsPathFor(this.stage)}${name}`;
  }

  /** Lets `grantee` read exactly these parameters and no others. */
  grantRead(grantee: iam.IGrantable, names: readonly SecretName[]): void {
    for (const name of names) this.parameter(name).grantRead(grantee);
  }

  private parameter(name: SecretName): ssm.IStringParameter {
    let parameter = this.parameters.get(name);
    if (!parameter) {
      // No version: the function reads the latest value, so rotating a secret needs no deploy.
      parameter = ssm.StringParameter.fromSecureStringParameterAttributes(this, name, {
        parameterName: this.parameterName(name),
      });
      this.parameters.set(name, parameter);
    }
    return parameter;
  }
}
