import { Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/store/table-definition.js';
import type { StageSettings } from './stage-settings.js';

export interface DataTableProps {
  readonly settings: StageSettings;
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The single Frontdesk table, built from `TABLE_DEFINITION` (the same object the local stack
 * gives dynalite), so keys, indexes and TTL cannot drift between laptop and cloud.
 *
 * @example
 * const data = new DataTable(this, 'Data', { settings });
 * data.grantItemAccess(fn, 'readWrite');
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { settings } = props;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(TABLE_DEFINITION.partitionKey),
      sortKey: stringKey(TABLE_DEFINITION.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The AWS managed key leaves key use in CloudTrail without a customer key to run.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: settings.pointInTimeRecovery },
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
    });

    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    if (!settings.pointInTimeRecovery) {
      Validations.of(this.table).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason: `Stage "${settings.stage}" is disposable (removal policy DESTROY); point-in-time recovery is on in prod only.`,
      });
    }
  }

  /** Item access to the table and its indexes, through CDK's grants. */
  grantItemAccess(grantee: iam.IGrantable & IConstruct, access: 'read' | 'readWrite'): void {
    if (access === 'readWrite') this.table.grantReadWriteData(grantee);
    else this.table.grantReadData(grantee);

    const tableId = Stack.of(this).getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason:
        'Queries on gsi1 need index ARNs; CDK grants them as <table ARN>/index/*, which matches only the indexes of this one table.',
    });
  }
}
