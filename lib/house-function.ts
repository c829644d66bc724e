import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../functions/contracts/routes.js';
import { HOUSE_BUNDLING, workerBundlingCommands } from './bundling.js';
import { acknowledgeControl } from './control-tower.js';
import { StageLogGroup } from './stage-log-group.js';

const { alias, ...houseBundlingProps } = HOUSE_BUNDLING;

import type { StageSettings } from './stage-settings.js';

/** The repository root: entries, the lock file and esbuild's working directory hang off it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Why no Frontdesk function runs in a VPC (CT.LAMBDA.PR.3). Shared with CDK's own deploy-time
 * handlers, which are acknowledged where they are made.
 */
export const LAMBDA_OUTSIDE_VPC_REASON =
  'Frontdesk reaches only public endpoints (DynamoDB, S3, SQS, SSM, Twilio, Meta, OpenAI) and no private network; a VPC would add NAT gateways (about $33 a month each) and cold-start latency for no reachable resource to protect.';

/** SSM path under which the operator stores this stage's SecureString secrets. */
export const secretsPathFor = (stage: string): string => `/frontdesk/${stage}/`;

export interface HouseFunctionProps {
  /** Folder under `functions/`; its `index.ts` exports `handler`. */
  readonly name: FunctionName;
  readonly settings: StageSettings;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Extra configuration: names, URLs, paths. Never secret values. */
  readonly environment?: Record<string, string>;
}

/**
 * The one way Frontdesk builds a Lambda function: Node.js 24 on arm64, an ESM bundle with the
 * AWS SDK clients pinned inside it, JSON logs in a log group whose retention and removal follow
 * the stage, and a role that starts with nothing but the right to write those logs.
 *
 * @example
 * const health = new HouseFunction(this, 'Health', {
 *   name: 'health', settings, memorySize: 256, timeout: Duration.seconds(5),
 * });
 * table.grantReadData(health);
 */
export class HouseFunction extends Construct implements iam.IGrantable {
  /** The contract name: folder under `functions/`, Powertools service name. */
  readonly name: FunctionName;
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    const { name, settings } = props;
    this.name = name;

    this.logGroup = new StageLogGroup(this, 'LogGroup', { settings });

    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy may create any
    // log group; this one may only write to the group above.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Frontdesk ${settings.stage} ${name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}functions/${name}/index.ts`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[settings.logLevel],
      tracing: settings.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      reservedConcurrentExecutions: settings.reservedConcurrency[name],
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_LOG_LEVEL: settings.logLevel,
        STAGE: settings.stage,
        SECRETS_PATH: secretsPathFor(settings.stage),
        ...props.environment,
      },
      // Shared with `npm run bench`, so the bench measures the bundle that ships.
      bundling: {
        format: OutputFormat.ESM,
        ...houseBundlingProps,
        // NodejsFunction has no `alias` prop; it passes esbuild flags through (run in REPO_ROOT).
        esbuildArgs: { '--alias': Object.entries(alias).map(([name, path]) => `${name}=${path}`) },
        // Worker threads need a file of their own beside index.mjs.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => workerBundlingCommands(name, inputDir, outputDir),
        },
      },
    });

    acknowledgeControl(this.function, 'CT.LAMBDA.PR.3', LAMBDA_OUTSIDE_VPC_REASON);

    if (settings.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
      });
    }
  }
}
