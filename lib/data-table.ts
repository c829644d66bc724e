import { Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/store/table-definition.js';
import { acknowledgeControl } from './control-tower.js';
import type { StageSettings } from './stage-settings.js';
import { groupByPrefixes, leadingKeyPatterns, type TableAccess } from './table-access.js';

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
 * data.grantItemAccess(fn, { GetItem: ['ROUTE#'], UpdateItem: ['IDEMP#'] });
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
      const reason = `Stage "${settings.stage}" is disposable (removal policy DESTROY); point-in-time recovery is on in prod only.`;
      Validations.of(this.table).acknowledge({ id: 'AwsSolutions-DDB3', reason });
      acknowledgeControl(this.table, 'CT.DYNAMODB.PR.1', reason);
    }
  }

  /**
   * Exactly the item actions in `access`, each only on partitions whose key starts with one of
   * its prefixes (`dynamodb:LeadingKeys`; on gsi1 that is the index's partition key, which also
   * starts with `TENANT#`). Only Query reaches the indexes, and only by name. No Scan, no
   * DescribeTable: the store code sends neither.
   */
  grantItemAccess(grantee: iam.IGrantable, access: TableAccess): void {
    for (const { actions, prefixes } of groupByPrefixes(access)) {
      const indexArns = actions.includes('Query')
        ? TABLE_DEFINITION.globalSecondaryIndexes.map(
            (index) => `${this.table.tableArn}/index/${index.indexName}`,
          )
        : [];
      iam.Grant.addToPrincipal({
        grantee,
        actions: actions.map((action) => `dynamodb:${action}`),
        resourceArns: [this.table.tableArn, ...indexArns],
        // Every granted action carries a partition key; ForAllValues would let a keyless request
        // (a Scan) through, which is why Scan is never granted.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(prefixes) } },
      });
    }
  }
}
