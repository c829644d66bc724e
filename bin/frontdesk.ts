#!/usr/bin/env node
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { consolePage } from '../console/build.js';
import { ControlTowerChecks } from '../lib/control-tower.js';
import { FrontdeskStack } from '../lib/frontdesk-stack.js';
import { settingsForStage } from '../lib/stage-settings.js';
import { widgetScript } from '../widget/build.js';

// The only place that reads context or the environment; everything below receives values.
const app = new App();

const optionalContext = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

// -c consoleDomain=console.example.com -c consoleCertificateArn=arn:aws:acm:us-east-1:...
function consoleDomain() {
  const domainName = optionalContext('consoleDomain');
  const certificateArn = optionalContext('consoleCertificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) {
    throw new Error('Pass -c consoleDomain and -c consoleCertificateArn together, or neither.');
  }
  return { domainName, certificateArn };
}

const stage = optionalContext('stage') ?? 'dev';
const settings = settingsForStage(stage, {
  alarmEmail: optionalContext('alarmEmail'),
  publicBaseUrl: optionalContext('publicBaseUrl'),
  // -c voiceMode=gather answers calls with <Gather> instead of ConversationRelay.
  voiceMode: optionalContext('voiceMode') as 'relay' | 'gather' | undefined,
  // -c sharedNumbers=+14155238886,+14155238887
  sharedNumbers: optionalContext('sharedNumbers')
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean),
  consoleDomain: consoleDomain(),
});

// Without CDK_DEFAULT_* the stack stays environment-agnostic, which is what lets synth run offline.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

new FrontdeskStack(app, `Frontdesk-${stage}`, {
  settings,
  consolePage,
  widgetScript,
  env: account || region ? { account, region } : undefined,
  description: `Frontdesk AI front desk (${stage})`,
});

Tags.of(app).add('app', 'frontdesk');
Tags.of(app).add('stage', stage);
// Both are policy-validation plugins: any unacknowledged finding fails the synth. Control Tower's
// proactive controls are what an operator's account may enforce at deploy time.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ControlTowerChecks());
