import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Environment, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { consolePage } from '../../console/build.js';
import {
  acknowledgeControl,
  CONTROL_RULES,
  CONTROL_TOWER_PLUGIN_NAME,
  CONTROL_TOWER_RULES_DIR,
  ControlTowerChecks,
} from '../../lib/control-tower.js';
import { FrontdeskStack } from '../../lib/frontdesk-stack.js';
import { type StageSettings, settingsForStage } from '../../lib/stage-settings.js';
import { widgetScript } from '../../widget/build.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS } from './synth.js';

interface Violation {
  ruleName: string;
  description: string;
  acknowledgedAt?: string;
  violatingConstructs: { constructPath?: string; cloudFormationResource?: { logicalId?: string } }[];
}

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: Violation[];
  suppressedViolations?: Violation[];
}

interface ControlsRun {
  /** The synth's own failure (the report as text), if any. */
  readonly error?: string;
  readonly report?: PluginReport;
  readonly templatePath?: string;
  readonly app: App;
}

/**
 * Synthesizes the whole app as `cdk synth` does, Control Tower checks registered as in
 * bin/frontdesk.ts (cdk-nag has its own test), bundling skipped. A finding fails the synth.
 */
const synthesizeWithControls = (
  stage: string,
  patch: Partial<StageSettings> = {},
  env?: Environment,
): ControlsRun => {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  Validations.of(app).addPlugins(new ControlTowerChecks());
  const stack = new FrontdeskStack(app, `Frontdesk-${stage}`, {
    settings: { ...settingsForStage(stage), ...patch },
    consolePage,
    widgetScript,
    env,
  });
  try {
    const assembly = app.synth();
    const reportJson = JSON.parse(
      readFileSync(join(assembly.directory, cxapi.VALIDATION_REPORT_FILE), 'utf8'),
    ) as { pluginReports: PluginReport[] };
    return {
      app,
      report: reportJson.pluginReports.find((report) => report.pluginName === CONTROL_TOWER_PLUGIN_NAME),
      templatePath: join(assembly.directory, stack.templateFile),
    };
  } catch (error) {
    return { app, error: error instanceof Error ? error.message : String(error) };
  }
};

/** Every Control Tower acknowledgement recorded in the app: construct path -> rule ids. */
const acknowledgementsIn = (app: App): Array<{ path: string; id: string }> =>
  app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
      .filter((id) => id.startsWith(`${CONTROL_TOWER_PLUGIN_NAME}::`))
      .map((id) => ({ path: construct.node.path, id })),
  );

const findingsOf = (violations: readonly Violation[]): string[] =>
  violations.flatMap((violation) =>
    violation.violatingConstructs.map(
      (resource) =>
        `${violation.description.slice(0, violation.description.indexOf(']') + 1)} ${resource.constructPath ?? resource.cloudFormationResource?.logicalId}`,
    ),
  );

const CONSOLE_DOMAIN = {
  domainName: 'console.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f4e8c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
};

const CASES: Array<[string, string, Partial<StageSettings>, Environment | undefined]> = [
  ['dev, as offline cdk synth', 'dev', {}, undefined],
  ['prod, as offline cdk synth', 'prod', {}, undefined],
  [
    'prod, account and region known, as a deploy',
    'prod',
    {},
    { account: '123456789012', region: 'eu-west-1' },
  ],
  ['prod with a console domain', 'prod', { consoleDomain: CONSOLE_DOMAIN }, undefined],
];

const runs = new Map<string, ControlsRun>();
const run = (name: string): ControlsRun => {
  let result = runs.get(name);
  if (!result) {
    const [, stage, patch, env] = CASES.find(([caseName]) => caseName === name)!;
    result = synthesizeWithControls(stage, patch, env);
    runs.set(name, result);
  }
  return result;
};

describe('AWS Control Tower proactive controls', () => {
  it.each(CASES.map(([name]) => name))(
    'the template breaks no control that is not acknowledged next to its resource (%s)',
    (name) => {
      // Act
      const { error, report } = run(name);

      // Assess
      expect(error).toBeUndefined();
      expect(findingsOf(report?.violations ?? [])).toEqual([]);
      expect(report?.conclusion).toBe('success');
    },
    SYNTH_TIMEOUT_MS,
  );

  it.each(CASES.map(([name]) => name))(
    'every acknowledgement still waives a finding, so a fixed control loses its waiver (%s)',
    (name) => {
      // Prepare
      const { app, report, error } = run(name);
      expect(error).toBeUndefined();
      const used = new Set(
        (report?.suppressedViolations ?? []).map(
          (violation) => `${violation.acknowledgedAt} ${violation.ruleName}`,
        ),
      );

      // Act
      const unused = acknowledgementsIn(app)
        .map(({ path, id }) => `${path} ${id.slice(CONTROL_TOWER_PLUGIN_NAME.length + 2)}`)
        .filter((acknowledgement) => !used.has(acknowledgement));

      // Assess
      expect(unused).toEqual([]);
      for (const violation of report?.suppressedViolations ?? []) {
        expect(violation.description).toMatch(/^\[CT\.[A-Z0-9]+\.PR\.\d+\]/);
      }
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'prod encrypts, keeps and versions what the controls ask, and acknowledges only what a serverless front desk cannot do',
    () => {
      // Act
      const { report } = run('prod, as offline cdk synth');
      const waived = new Set(
        (report?.suppressedViolations ?? []).map(
          (violation) => violation.description.match(/^\[([^\]]+)\]/)?.[1] ?? violation.description,
        ),
      );

      // Assess: log retention and encryption, uploads' versioning, logging and KMS are fixed in prod.
      expect([...waived].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))).toEqual([
        'CT.APIGATEWAY.PR.5',
        'CT.CLOUDFRONT.PR.4',
        'CT.CLOUDFRONT.PR.5',
        'CT.CLOUDFRONT.PR.6',
        'CT.CLOUDFRONT.PR.7',
        'CT.CLOUDFRONT.PR.9',
        'CT.LAMBDA.PR.2',
        'CT.LAMBDA.PR.3',
        'CT.S3.PR.2',
        'CT.S3.PR.4',
        'CT.S3.PR.9',
        'CT.S3.PR.10',
        'CT.SQS.PR.1',
      ]);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'a console domain and a known account remove the TLS and invoke-permission waivers',
    () => {
      // Act
      const waivedIn = (name: string) =>
        new Set((run(name).report?.suppressedViolations ?? []).map((violation) => violation.ruleName));
      const withDomain = waivedIn('prod with a console domain');
      const deployed = waivedIn('prod, account and region known, as a deploy');

      // Assess
      for (const control of ['CT.CLOUDFRONT.PR.6', 'CT.CLOUDFRONT.PR.7', 'CT.CLOUDFRONT.PR.9'] as const) {
        expect(withDomain.has(CONTROL_RULES[control])).toBe(false);
      }
      expect(deployed.has(CONTROL_RULES['CT.LAMBDA.PR.2'])).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'running only the rules for the resource types present finds exactly what all rules find',
    () => {
      // Prepare
      const { templatePath } = run('prod, as offline cdk synth');
      const context = {
        templatePaths: [templatePath!],
        stackTemplates: [],
        appConstruct: new App(),
      } as unknown as Parameters<ControlTowerChecks['validate']>[0];
      const findings = (checks: ControlTowerChecks) =>
        checks
          .validate(context)
          .violations.flatMap((violation) =>
            violation.violatingResources.map(
              (resource) => `${violation.ruleName} ${resource.resourceLogicalId}`,
            ),
          )
          .sort();

      // Act
      const pruned = findings(new ControlTowerChecks());
      const everyRule = findings(new ControlTowerChecks({ everyRule: true }));

      // Assess
      expect(pruned.length).toBeGreaterThan(30);
      expect(pruned).toEqual(everyRule);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails the synth on an unacknowledged finding, even beside acknowledged ones',
    () => {
      // Prepare
      const app = new App({ builtinCloudFormationValidation: false });
      Validations.of(app).addPlugins(new ControlTowerChecks());
      const stack = new Stack(app, 'Probe');
      const dlq = new sqs.Queue(stack, 'AcknowledgedDlq');
      acknowledgeControl(dlq, 'CT.SQS.PR.1', 'A dead-letter queue has no dead-letter queue of its own.');
      new logs.LogGroup(stack, 'ShortLivedLogs', { retention: logs.RetentionDays.ONE_WEEK });

      // Act
      let failure = '';
      try {
        app.synth();
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }

      // Assess
      expect(failure).toMatch(/CT\.CLOUDWATCH\.PR\.2[\s\S]*Probe\/ShortLivedLogs/);
      expect(failure).not.toMatch(/ERROR \[CT\.SQS\.PR\.1\]/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it.each(Object.entries(CONTROL_RULES))('%s is the guard rule %s in the shipped rules', (control, rule) => {
    // Act
    const files = readdirGuardFiles().filter((file) => file.text.includes(`rule ${rule} when`));

    // Assess
    expect(files.map((file) => file.text.includes(`[${control}]`))).toEqual([true]);
  });
});

const readdirGuardFiles = (): Array<{ path: string; text: string }> =>
  readdirSync(CONTROL_TOWER_RULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.guard'))
    .map((file) => ({ path: file, text: readFileSync(join(CONTROL_TOWER_RULES_DIR, file), 'utf8') }));
