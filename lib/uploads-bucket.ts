import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeControl, type ControlId } from './control-tower.js';
import { LAMBDA_OUTSIDE_VPC_REASON } from './house-function.js';
import { stageKeyFor } from './stage-key.js';
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
 * server access logs (who uploaded or fetched what is an audit question). Documents are
 * encrypted with the stage's KMS key where the stage has one.
 *
 * Both buckets are versioned, so a document overwritten or deleted by mistake (or by a stolen
 * key) can be put back, but only for `deletedDocumentRecovery`: a deleted document must really be
 * gone after that, so S3 expires noncurrent versions and the delete markers left behind.
 *
 * @example
 * const uploads = new UploadsBucket(this, 'Uploads', { settings });
 * uploads.grantObjectAccess(adminApi, ['put', 'delete']);
 */
export class UploadsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  /** The stage key encrypting documents, if the stage has one. */
  readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: UploadsBucketProps) {
    super(scope, id);
    const { settings } = props;
    const lifecycle = {
      removalPolicy: settings.removalPolicy,
      autoDeleteObjects: settings.autoDeleteObjects,
      versioned: true,
    };
    const expireOldVersions = {
      noncurrentVersionExpiration: settings.deletedDocumentRecovery,
      expiredObjectDeleteMarker: true,
    };
    this.encryptionKey = stageKeyFor(this, settings);

    // S3 log delivery may use a customer-managed key (CDK grants it in the key policy); never
    // the AWS-managed aws/s3 key, which log delivery cannot use.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...lifecycle,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      ...encryptionWith(this.encryptionKey),
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { expiration: Duration.days(settings.logRetention), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
    for (const [control, reason] of ACCESS_LOGS_CONTROLS)
      acknowledgeControl(this.accessLogsBucket, control, reason);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...lifecycle,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      ...encryptionWith(this.encryptionKey),
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      // A browser that gives up mid-upload leaves parts that are billed but never visible.
      // An export is fetched by a link that lasts minutes; the archive itself is gone after a day.
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        expireOldVersions,
        { prefix: EXPORT_KEY_PREFIX, expiration: Duration.days(1) },
      ],
      cors: uploadCors(settings.uploadCorsOrigins),
    });
    for (const [control, reason] of UPLOADS_CONTROLS) acknowledgeControl(this.bucket, control, reason);
    if (settings.autoDeleteObjects) acknowledgeAutoDeleteHandler(Stack.of(this));
    if (!this.encryptionKey) {
      for (const bucket of [this.bucket, this.accessLogsBucket]) {
        acknowledgeControl(
          bucket,
          'CT.S3.PR.10',
          `The ${settings.stage} stage holds test documents and encrypts them with SSE-S3, sparing a $1/month KMS key (customerManagedKey in lib/stage-settings.ts); prod uses the stage key.`,
        );
      }
    }
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
        if (this.encryptionKey) {
          for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
            acknowledge(
              `Action::${action}`,
              `CDK grantPut groups the key actions an SSE-KMS upload needs as ${action}, on the stage key only.`,
            );
          }
        }
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

const UPLOADS_CONTROLS: ReadonlyArray<[ControlId, string]> = [
  [
    'CT.S3.PR.4',
    "Every new document notifies the ingest queue; CDK configures that notification with its BucketNotifications custom resource, after the bucket exists, so the bucket's own template has none to show.",
  ],
  [
    'CT.S3.PR.9',
    'An owner may delete a document and expects it gone; Object Lock would keep it for its retention period whatever the owner asked. Versioning keeps a deleted document recoverable for deletedDocumentRecovery instead.',
  ],
];

const ACCESS_LOGS_CONTROLS: ReadonlyArray<[ControlId, string]> = [
  [
    'CT.S3.PR.2',
    'This bucket receives the server access logs of the uploads and console buckets; logging it would log its own log deliveries.',
  ],
  ['CT.S3.PR.4', 'Nothing reacts to a new log file; the logs are read when someone investigates.'],
  [
    'CT.S3.PR.9',
    'Logs expire after logRetention; versioning keeps a deleted log file a day, and Object Lock would keep logs past the retention the stage chose.',
  ],
];

/** CDK empties auto-deleted buckets with its own singleton function, during stack deletion only. */
const acknowledgeAutoDeleteHandler = (stack: Stack): void => {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::S3AutoDeleteObjects')) continue;
    acknowledgeControl(
      child,
      'CT.LAMBDA.PR.3',
      `CDK's auto-delete-objects handler runs only when a development stage is destroyed. ${LAMBDA_OUTSIDE_VPC_REASON}`,
    );
  }
};

/** SSE-KMS with the stage key where there is one, else SSE-S3. */
const encryptionWith = (key: kms.IKey | undefined): Partial<s3.BucketProps> =>
  key
    ? {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        // One data key per bucket instead of a KMS request per object: up to 99% fewer requests.
        bucketKeyEnabled: true,
      }
    : { encryption: s3.BucketEncryption.S3_MANAGED };

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
