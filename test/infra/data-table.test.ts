import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../functions/store/table-definition.js';
import { resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

describe('data table', () => {
  it('has the keys, index and TTL of TABLE_DEFINITION, on demand and encrypted', () => {
    // Act
    const { template } = synthesize('dev');

    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      // Enabled without a key ARN: the AWS managed key aws/dynamodb.
      SSESpecification: { SSEEnabled: true },
    });
    expect(TABLE_DEFINITION.timeToLiveAttribute).toBe('expiresAt');
  });

  it('keeps production data: PITR on, deletion protection, DeletionPolicy Retain', () => {
    // Act
    const { template } = synthesize('prod');

    // Assess
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('lets a development stage go: PITR off, DeletionPolicy Delete', () => {
    // Act
    const { template } = synthesize('dev');

    // Assess
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        DeletionProtectionEnabled: false,
      }),
    });
  });

  it('treats an unknown stage like dev', () => {
    // Act
    const { template } = synthesize('alice');

    // Assess
    const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
    expect(table?.DeletionPolicy).toBe('Delete');
  });
});
