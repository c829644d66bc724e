import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  type IPolicyValidationContextBeta1,
  type IPolicyValidationPluginBeta1,
  type PolicyValidationPluginReportBeta1,
  Validations,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin's name in reports; acknowledgements are `control-tower::<guard rule name>`. */
export const CONTROL_TOWER_PLUGIN_NAME = 'control-tower';

/**
 * The AWS Control Tower proactive controls this app acknowledges somewhere, and the name of the
 * cfn-guard rule that implements each (reports and acknowledgements use the rule name).
 */
export const CONTROL_RULES = {
  'CT.APIGATEWAY.PR.5': 'api_gw_v2_authorization_type_configured_check',
  'CT.CLOUDFRONT.PR.4': 'cloudfront_origin_failover_enabled_check',
  'CT.CLOUDFRONT.PR.5': 'cloudfront_access_logs_enabled_check',
  'CT.CLOUDFRONT.PR.6': 'cloudfront_custom_ssl_certificate_check',
  'CT.CLOUDFRONT.PR.7': 'cloudfront_sni_enabled_check',
  'CT.CLOUDFRONT.PR.9': 'cloudfront_security_policy_check',
  'CT.CLOUDWATCH.PR.2': 'cloudwatch_log_group_retention_period_check',
  'CT.CLOUDWATCH.PR.3': 'cloudwatch_log_group_encrypted_check',
  'CT.DYNAMODB.PR.1': 'dynamodb_table_pitr_enabled_check',
  'CT.LAMBDA.PR.2': 'lambda_function_public_access_prohibited_check',
  'CT.LAMBDA.PR.3': 'lambda_inside_vpc_check',
  'CT.S3.PR.2': 's3_bucket_logging_enabled_check',
  'CT.S3.PR.4': 's3_event_notifications_enabled_check',
  'CT.S3.PR.9': 's3_bucket_object_lock_enabled_check',
  'CT.S3.PR.10': 's3_bucket_default_encryption_kms_check',
  'CT.SQS.PR.1': 'sqs_dlq_check',
} as const;

export type ControlId = keyof typeof CONTROL_RULES;

/**
 * Waives one control for `scope` and everything under it, with the reason next to the resource
 * (as cdk-nag exceptions are). CDK drops the matching findings from the report and lists them as
 * acknowledged; an account that enforces the control still refuses the resource, which is why
 * the README's operator section lists every waiver.
 *
 * @example
 * acknowledgeControl(deadLetterQueue, 'CT.SQS.PR.1', 'A dead-letter queue has no dead-letter queue of its own.');
 */
export const acknowledgeControl = (scope: IConstruct, control: ControlId, reason: string): void => {
  Validations.of(scope).acknowledge({
    id: `${CONTROL_TOWER_PLUGIN_NAME}::${CONTROL_RULES[control]}`,
    reason: `${control}: ${reason}`,
  });
};

const PACKAGE_DIR = dirname(
  createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json'),
);
/** The Control Tower rules shipped inside the package, next to the cfn-guard binaries it runs. */
export const CONTROL_TOWER_RULES_DIR = join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

interface RuleFile {
  readonly path: string;
  /** Every resource type the rule names; a rule selects resources by these names only. */
  readonly resourceTypes: readonly string[];
}

let ruleFiles: readonly RuleFile[] | undefined;

const controlTowerRuleFiles = (): readonly RuleFile[] => {
  ruleFiles ??= readdirSync(CONTROL_TOWER_RULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.guard'))
    .sort()
    .map((file) => {
      const path = join(CONTROL_TOWER_RULES_DIR, file);
      const types = readFileSync(path, 'utf8').matchAll(/"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"/g);
      return { path, resourceTypes: [...new Set([...types].map((match) => match[1]!))] };
    });
  return ruleFiles;
};

const resourceTypesIn = (templatePaths: readonly string[]): Set<string> =>
  new Set(
    templatePaths.flatMap((templatePath) => {
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as {
        Resources?: Record<string, { Type?: string }>;
      };
      return Object.values(template.Resources ?? {}).flatMap((resource) => resource.Type ?? []);
    }),
  );

export interface ControlTowerChecksProps {
  /**
   * Run all 237 rules instead of those naming a resource type the templates contain. The answer
   * is the same (a rule finds nothing without its resource type; a test compares both); the
   * default spares cfn-guard most of its parsing, about three quarters of its time.
   * @default false
   */
  readonly everyRule?: boolean;
}

/**
 * A policy-validation plugin that checks each synthesized template against the AWS Control Tower
 * proactive controls, with the rules and the cfn-guard binary that `@cdklabs/cdk-validator-cfnguard`
 * ships (no download at install or run time). Like cdk-nag, any unacknowledged finding fails the
 * synth; `acknowledgeControl` waives one next to its resource.
 *
 * @example
 * Validations.of(app).addPlugins(new ControlTowerChecks());
 */
export class ControlTowerChecks implements IPolicyValidationPluginBeta1 {
  readonly name = CONTROL_TOWER_PLUGIN_NAME;
  readonly version: string;
  private readonly everyRule: boolean;

  constructor(props: ControlTowerChecksProps = {}) {
    this.everyRule = props.everyRule ?? false;
    this.version = (
      JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
    ).version;
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const present = resourceTypesIn(context.templatePaths);
    const rules = controlTowerRuleFiles()
      .filter((rule) => this.everyRule || rule.resourceTypes.some((type) => present.has(type)))
      .map((rule) => rule.path);
    if (rules.length === 0) return { success: true, violations: [] };
    const guard = new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules,
      // cfn-guard prints every rule's result; spawnSync's 1 MiB default is near a stack's output.
      maxBuffer: 256 * 1024 * 1024,
    });
    const report = guard.validate(context);
    // The guard plugin leaves severity unset, and CDK re-judges a report once anything in the app
    // is acknowledged, counting only error and fatal violations: unset, every finding would pass.
    const violations = report.violations.map((violation) => ({ ...violation, severity: 'error' }));
    return { success: violations.length === 0, violations };
  }
}
