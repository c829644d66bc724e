import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/contracts/routes.js';
import { profileFor } from '../../lib/function-profiles.js';
import { type StageSettings, settingsForStage } from '../../lib/stage-settings.js';
import {
  asArray,
  flatten,
  houseFunction,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

const uploadsBucket = (stage: string, patch: Partial<StageSettings> = {}) => {
  const { template, stack } = synthesize(stage, patch);
  // The console's bucket has its own tests (console-site.test.ts).
  const buckets = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).filter(
    ([id]) => !id.startsWith('Console'),
  );
  const uploads = buckets.find(([, bucket]) => bucket.Properties.LoggingConfiguration !== undefined);
  if (!uploads) throw new Error('expected the uploads bucket to log to the access-logs bucket');
  return { template, stack, buckets, uploads };
};

/** The rule the owner console adds: POST from its CloudFront origin. */
const consoleCorsRule = (stage: string, patch: Partial<StageSettings> = {}) => {
  const { template } = synthesize(stage, patch);
  const [distributionId] = Object.keys(resourcesOf(template, 'AWS::CloudFront::Distribution'));
  return {
    AllowedMethods: ['POST'],
    AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }],
    ExposedHeaders: ['ETag', 'Location'],
    MaxAge: 3600,
  };
};

describe.each(['dev', 'prod'])('uploads bucket (%s)', (stage) => {
  it('blocks public access and encrypts every bucket, with the stage key where the stage has one', () => {
    // Act
    const { buckets, template } = uploadsBucket(stage);
    const keys = Object.keys(resourcesOf(template, 'AWS::KMS::Key'));

    // Assess
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          stage === 'prod'
            ? {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: { 'Fn::GetAtt': [keys[0], 'Arn'] },
                },
              }
            : { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      });
    }
    expect(keys).toHaveLength(stage === 'prod' ? 1 : 0);
  });

  it('keeps replaced or deleted documents and log files recoverable for a bounded time only', () => {
    // Act
    const { uploads, buckets } = uploadsBucket(stage);
    const recoveryDays = settingsForStage(stage).deletedDocumentRecovery.toDays();

    // Assess
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
    expect(uploads[1].Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
        {
          ExpiredObjectDeleteMarker: true,
          NoncurrentVersionExpiration: { NoncurrentDays: recoveryDays },
          Status: 'Enabled',
        },
        // Exported archives are fetched by a short link and gone after a day.
        { ExpirationInDays: 1, Prefix: 'exports/', Status: 'Enabled' },
      ],
    });
    const [, logs] = buckets.find(([id]) => id !== uploads[0])!;
    expect(logs.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          ExpirationInDays: settingsForStage(stage).logRetention,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        },
      ],
    });
  });

  it('denies every request that does not use TLS', () => {
    // Act
    const { template, buckets } = uploadsBucket(stage);

    // Assess
    for (const [id] of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('logs access and aborts abandoned multipart uploads', () => {
    // Act
    const { uploads, buckets } = uploadsBucket(stage);

    // Assess
    const [, bucket] = uploads;
    const logsBucketId = buckets.find(([id]) => id !== uploads[0])?.[0];
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({
      DestinationBucketName: { Ref: logsBucketId },
    });
    expect(bucket.Properties.LifecycleConfiguration).toMatchObject({
      Rules: [
        { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
        {},
        // Exported archives are fetched by a short link and gone after a day.
        { ExpirationInDays: 1, Prefix: 'exports/', Status: 'Enabled' },
      ],
    });
    // Only the owner console's origin may POST from a browser.
    expect(bucket.Properties.CorsConfiguration).toEqual({ CorsRules: [consoleCorsRule(stage)] });
  });

  it(`follows the stage's removal policy`, () => {
    // Act
    const { template, buckets } = uploadsBucket(stage);

    // Assess
    const expected = stage === 'prod' ? 'Retain' : 'Delete';
    for (const [, bucket] of buckets) expect(bucket.DeletionPolicy).toBe(expected);
    const autoDelete = Object.keys(resourcesOf(template, 'Custom::S3AutoDeleteObjects'));
    // The uploads, access-logs and console buckets: versions would keep them from being deleted.
    expect(autoDelete).toHaveLength(stage === 'prod' ? 0 : 3);
  });
});

describe('uploads access', () => {
  const actionFor = { put: 's3:PutObject', read: 's3:GetObject*', delete: 's3:DeleteObject*' } as const;

  it.each(FUNCTION_NAMES)('%s reaches documents only as far as its profile says', (name) => {
    // Act
    const { template, uploads } = uploadsBucket('prod');
    const fn = houseFunction(template, name);
    const s3 = statementsFor(template, fn).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('s3:')),
    );
    const operations = profileFor(name).uploads;

    // Assess
    if (operations.length === 0) {
      expect(fn.environment.UPLOADS_BUCKET).toBeUndefined();
      expect(s3).toEqual([]);
      return;
    }
    expect(fn.environment).toMatchObject({
      UPLOADS_BUCKET: { Ref: uploads[0] },
      MAX_UPLOAD_BYTES: String(25 * 1024 * 1024),
    });
    const actions = s3.flatMap((statement) => asArray(statement.Action));
    for (const [operation, action] of Object.entries(actionFor)) {
      expect(actions.includes(action)).toBe(operations.includes(operation as keyof typeof actionFor));
    }
    const resources = new Set(s3.flatMap((statement) => asArray(statement.Resource).map(flatten)));
    // The admin API also keeps a business's exported archives, under exports/ (data rights).
    const exportsToo = name === 'admin-api' ? [`\${${uploads[0]}.Arn}/exports/*`] : [];
    for (const resource of resources) {
      expect([`\${${uploads[0]}.Arn}`, `\${${uploads[0]}.Arn}/tenants/*`, ...exportsToo]).toContain(resource);
    }
  });
});

describe('uploads key access (prod)', () => {
  it.each(FUNCTION_NAMES)('%s uses the stage key only to put or read documents', (name) => {
    // Act
    const { template } = uploadsBucket('prod');
    const [keyId] = Object.keys(resourcesOf(template, 'AWS::KMS::Key'));
    const fn = houseFunction(template, name);
    const kms = statementsFor(template, fn).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('kms:')),
    );
    const operations = profileFor(name).uploads;

    // Assess
    const actions = kms.flatMap((statement) => asArray(statement.Action));
    expect(actions.includes('kms:GenerateDataKey*')).toBe(operations.includes('put'));
    expect(actions.includes('kms:Decrypt')).toBe(operations.includes('read') || operations.includes('put'));
    for (const statement of kms)
      expect(asArray(statement.Resource).map(flatten)).toEqual([`\${${keyId}.Arn}`]);
  });
});

describe('uploads CORS', () => {
  it(
    'allows POST only, from the origins a stage names',
    () => {
      // Act
      const { uploads } = uploadsBucket('dev', { uploadCorsOrigins: ['https://app.example.com'] });

      // Assess
      expect(uploads[1].Properties.CorsConfiguration).toEqual({
        CorsRules: [
          {
            AllowedMethods: ['POST'],
            AllowedOrigins: ['https://app.example.com'],
            ExposedHeaders: ['ETag', 'Location'],
            MaxAge: 3600,
          },
          consoleCorsRule('dev', { uploadCorsOrigins: ['https://app.example.com'] }),
        ],
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});
