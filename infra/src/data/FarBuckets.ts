import { Duration, type aws_kms as kms, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/**
 * The three buckets of seed §3 — static assets (the web's `_next/static`, served by CloudFront),
 * game builds and uploads (studios' builds, users' files, the far-nodes' model files), logs and
 * backups (ALB, CloudFront and S3 access logs, database exports) — each encrypted, versioned,
 * TLS-only, with every kind of public access blocked. The logs bucket is SSE-S3 because ALB and
 * CloudFront log delivery cannot write to KMS-encrypted buckets; the uploads bucket uses the
 * environment's KMS key; the assets bucket is SSE-S3 so CloudFront's origin access control can
 * read it without a key grant.
 */
export class FarBuckets extends Construct {
  readonly assets: s3.Bucket;
  readonly uploads: s3.Bucket;
  readonly logs: s3.Bucket;

  constructor(scope: Construct, id: string, props: { env: FarEnvironment; key: kms.IKey }) {
    super(scope, id);
    const { env, key } = props;
    const common = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      minimumTLSVersion: 1.2,
    } satisfies s3.BucketProps;
    this.logs = new s3.Bucket(this, 'Logs', {
      ...common,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes with ACLs; nothing else needs them.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { id: 'expire-logs', prefix: 'access/', expiration: Duration.days(env.logRetentionDays) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(30) },
        {
          id: 'backups-to-glacier',
          prefix: 'backups/',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
          ],
        },
      ],
    });
    this.assets = new s3.Bucket(this, 'StaticAssets', {
      ...common,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'access/s3/assets/',
      lifecycleRules: [{ id: 'old-versions', noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.uploads = new s3.Bucket(this, 'GameBuildsAndUploads', {
      ...common,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'access/s3/uploads/',
      lifecycleRules: [
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }
}
