import { Duration } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface StorageProps {
  /** Days of Object Lock governance retention applied to every new record; 0 leaves records unlocked. */
  recordsRetentionDays: number;
}

/**
 * The buckets: uploads (raw phone uploads, gone after a day), records (processed photos and
 * scans, versioned, Object Lock ready), exports (gone after a week), and the access-log bucket.
 *
 * Encryption is SSE-S3 everywhere: phones upload with a presigned POST and CloudFront reads the
 * web bucket through an Origin Access Identity in China, neither of which works with SSE-KMS
 * without extra plumbing; a KMS key would add cost and no reader we do not already control by IAM.
 */
export class Storage extends Construct {
  /** Server access logs of every bucket, and CloudFront's standard logs. */
  readonly logBucket: Bucket;
  readonly uploads: Bucket;
  readonly records: Bucket;
  readonly exports: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    if (!Number.isInteger(props.recordsRetentionDays) || props.recordsRetentionDays < 0) {
      throw new Error(
        `recordsRetentionDays must be a whole number of days ≥ 0, not ${props.recordsRetentionDays}`,
      );
    }
    this.logBucket = new Bucket(this, 'AccessLogs', {
      ...SECURE_DEFAULTS,
      // CloudFront standard logging writes with an ACL grant, so ACLs must stay enabled here.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    acknowledge(
      this.logBucket,
      'AwsSolutions-S1',
      'this is the access-log bucket; logging it into itself would loop',
    );

    this.uploads = privateBucket(this, 'Uploads', this.logBucket, {
      lifecycleRules: [
        { expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.records = privateBucket(this, 'Records', this.logBucket, {
      versioned: true,
      // Enabled now because switching it on later means a new bucket; the default retention
      // (governance mode) is what the later issue configures, via context recordsRetentionDays.
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.recordsRetentionDays > 0
          ? ObjectLockRetention.governance(Duration.days(props.recordsRetentionDays))
          : undefined,
    });
    this.exports = privateBucket(this, 'Exports', this.logBucket, {
      lifecycleRules: [
        { expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /** Let pages served from `origin` POST straight to the uploads bucket (presigned POST). */
  allowBrowserUploadsFrom(origin: string): void {
    this.uploads.addCorsRule({
      allowedMethods: [HttpMethods.POST],
      allowedOrigins: [origin],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3600,
    });
  }
}

const SECURE_DEFAULTS = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} satisfies BucketProps;

/** A private, encrypted, TLS-only bucket that logs access to `logBucket`; retained with the stack. */
export function privateBucket(
  scope: Construct,
  id: string,
  logBucket: Bucket,
  props: BucketProps = {},
): Bucket {
  return new Bucket(scope, id, {
    ...SECURE_DEFAULTS,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: logBucket,
    serverAccessLogsPrefix: `${id.toLowerCase()}/`,
    ...props,
  });
}
