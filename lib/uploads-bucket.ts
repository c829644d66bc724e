import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import type { StageSettings } from './stage-settings.js';

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
 * uploads.grantPresignedUploads(adminApi);
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
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: uploadCors(settings.uploadCorsOrigins),
    });
  }

  /**
   * Lets a function sign presigned POSTs. Owners' files live under per-tenant keys that only
   * exist at run time, so the grant covers the bucket's objects; the function scopes each key.
   */
  grantPresignedUploads(grantee: iam.IGrantable & IConstruct): void {
    this.bucket.grantPut(grantee);

    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        'Object keys are per tenant and created at run time; the function builds every key under the tenant prefix it authenticated.',
    });
    Validations.of(grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
      reason: 'CDK grantPut adds s3:Abort* (abort multipart upload) on this bucket only; no other service.',
    });
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
