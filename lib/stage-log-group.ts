import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeControl } from './control-tower.js';
import { stageKeyFor } from './stage-key.js';
import type { StageSettings } from './stage-settings.js';

/** Control Tower's floor for log retention (CT.CLOUDWATCH.PR.2). */
const CONTROL_TOWER_MIN_RETENTION_DAYS = 365;

export interface StageLogGroupProps {
  readonly settings: StageSettings;
}

/**
 * The one way Frontdesk makes a log group: retention and removal as the stage says, encrypted
 * with the stage's key where the stage has one. A stage that keeps logs shorter than a year or
 * without its own key (development) says so to Control Tower's checks here, once for all groups.
 *
 * @example
 * const logGroup = new StageLogGroup(this, 'LogGroup', { settings });
 */
export class StageLogGroup extends logs.LogGroup {
  constructor(scope: Construct, id: string, props: StageLogGroupProps) {
    const { settings } = props;
    const encryptionKey = stageKeyFor(scope, settings);
    super(scope, id, {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      encryptionKey,
    });
    if (
      settings.logRetention !== logs.RetentionDays.INFINITE &&
      settings.logRetention < CONTROL_TOWER_MIN_RETENTION_DAYS
    ) {
      acknowledgeControl(
        this,
        'CT.CLOUDWATCH.PR.2',
        `The ${settings.stage} stage is a disposable development copy and keeps logs ${settings.logRetention} days (logRetention in lib/stage-settings.ts); prod keeps them a year.`,
      );
    }
    if (!encryptionKey) {
      acknowledgeControl(
        this,
        'CT.CLOUDWATCH.PR.3',
        `The ${settings.stage} stage encrypts logs with CloudWatch's own keys, sparing a $1/month KMS key (customerManagedKey in lib/stage-settings.ts); prod uses the stage key.`,
      );
    }
  }
}
