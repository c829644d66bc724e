import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import type { StageSettings } from './stage-settings.js';

/** Every uploaded document lives under this prefix; notifications and grants are scoped to it. */
export const UPLOAD_KEY_PREFIX = 'tenants/';

/** A business's exported archives; outside the documents' prefix, so they never feed ingestion. */
export const EXPORT_KEY_PREFIX = 'exports/';

/** What a function may do with uploaded documents. */
export type UploadOperation = 'put' | 'read' | 'delete';

export interface UploadsBucketProps {
  readonly settings: StageSettings;
}

/**
 * Where owners' documents land through presigned POSTs, plus the bucket that receives its
 * server access logs (who uploaded or fetched what is an audit question).
 *
 * Versioning stays off: the extracted text lives in the table, an owner fixes a document by
 * uploading it again, and a deleted document must really be gone rather than linger as a
 * noncurrent version.
 *
 * @example
 * const uploads = new UploadsBucket(this, 'Uploads', { settings });
 * uploads.grantObjectAccess(adminApi, ['put', 'delete']);
 */
export class UploadsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadsBucketProps) {
    super(scope, id);
    const { settings } = props;
    const lifecycle = {
      removalPolicy: settings.removalPolicy,
      autoDeleteObjects: settings.autoDeleteObjects,
    };

    // Server access logs can only be delivered to an SSE-S3 bucket, so no KMS key here.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...lifecycle,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(settings.logRetention) }],
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...lifecycle,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      // A browser that gives up mid-upload leaves parts that are billed but never visible.
      // An export is fetched by a link that lasts minutes; the archive itself is gone after a day.
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { prefix: EXPORT_KEY_PREFIX, expiration: Duration.days(1) },
      ],
      cors: uploadCors(settings.uploadCorsOrigins),
    });
  }

  /**
   * Object access for a function, limited to the tenants' documents (`tenants/<id>/documents/...`,
   * see `documentObjectKey`). Keys are created at run time, so the grant needs a wildcard; the
   * function builds each key under the tenant it authenticated.
   */
  grantObjectAccess(grantee: iam.IGrantable & IConstruct, operations: readonly UploadOperation[]): void {
    const objects = `${UPLOAD_KEY_PREFIX}*`;
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    const acknowledge = (finding: string, reason: string) =>
      Validations.of(grantee).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });

    if (operations.length > 0) {
      acknowledge(
        `Resource::<${bucketId}.Arn>/${objects}`,
        'Document keys are created per tenant at run time; the grant covers only the tenants/ prefix of this bucket.',
      );
    }
    for (const operation of operations) {
      if (operation === 'put') {
        // Presigned POSTs are signed with this role, so it needs s3:PutObject itself.
        this.bucket.grantPut(grantee, objects);
        acknowledge(
          'Action::s3:Abort*',
          'CDK grantPut adds s3:Abort* (abort multipart upload) on these objects only.',
        );
      } else if (operation === 'read') {
        this.bucket.grantRead(grantee, objects);
        for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
          acknowledge(
            `Action::${action}`,
            `CDK grantRead groups read actions as ${action}, on this bucket only.`,
          );
        }
      } else {
        this.bucket.grantDelete(grantee, objects);
        acknowledge(
          'Action::s3:DeleteObject*',
          'CDK grantDelete covers DeleteObject and DeleteObjectVersion on these objects only.',
        );
      }
    }
  }

  /**
   * Data rights: write, read (by presigned link) and delete archives under `exports/`, and list
   * a business's objects to export or delete them all.
   */
  grantExports(grantee: iam.IGrantable & IConstruct): void {
    const objects = `${EXPORT_KEY_PREFIX}*`;
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    this.bucket.grantReadWrite(grantee, objects);
    this.bucket.grantDelete(grantee, objects);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${objects}]`,
      reason: 'Archive keys are created per business at run time; the grant covers only the exports/ prefix.',
    });
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      Validations.of(grantee).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `CDK read/write/delete grants group actions as ${action}, on this bucket's exports/ prefix only.`,
      });
    }
  }
}

/**
 * Browsers need CORS only to read the response of a presigned POST; curl needs none. So the
 * rule exists only for origins a stage names, and allows POST alone.
 */
const uploadCors = (origins: readonly string[]): s3.CorsRule[] | undefined =>
  origins.length === 0
    ? undefined
    : [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: [...origins],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3600,
        },
      ];
