import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { consolePage } from '../../console/build.js';
import { FrontdeskStack } from '../../lib/frontdesk-stack.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import { widgetScript } from '../../widget/build.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS } from './synth.js';

interface Violation {
  ruleName: string;
  violatingConstructs: { constructPath?: string }[];
}

/**
 * The CloudFormation schema check that `cdk synth` runs (CDK's built-in validation plugin): the
 * other infrastructure tests skip it for speed, and a template it refuses does not deploy. A
 * finding makes the synth throw with the report as its message; warnings are read from the
 * report the synth writes.
 */
const cloudFormationFindings = (stage: string): string[] => {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: true,
  });
  new FrontdeskStack(app, `Frontdesk-${stage}`, {
    settings: settingsForStage(stage),
    consolePage,
    widgetScript,
  });
  let directory: string;
  try {
    directory = app.synth().directory;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const report = JSON.parse(readFileSync(join(directory, cxapi.VALIDATION_REPORT_FILE), 'utf8')) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map(
      (v) =>
        `${plugin.pluginName}: ${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
    ),
  );
};

describe("cdk synth's CloudFormation schema check", () => {
  it.each(['dev', 'prod'])(
    'finds nothing in the %s template',
    (stage) => {
      // Act
      const findings = cloudFormationFindings(stage);

      // Assess
      expect(findings).toEqual([]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
