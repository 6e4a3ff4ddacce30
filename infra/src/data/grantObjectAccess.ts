import { aws_iam as iam, type aws_kms as kms, type aws_s3 as s3 } from 'aws-cdk-lib';

/**
 * Least-privilege object access to one bucket (or one prefix of it): named actions only — no
 * `s3:*`, no `List*`/`Get*` families — and the KMS calls its encryption needs on that one key.
 * The CDK's `grantReadWrite` would add wildcard action families and bucket listing nobody uses.
 *
 * @param access - `read` (GetObject) or `readWrite` (also PutObject, DeleteObject, multipart abort).
 * @param prefix - key prefix the grant is limited to, e.g. `models/`; the whole bucket when absent.
 */
export function grantObjectAccess(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  key: kms.IKey,
  access: 'read' | 'readWrite',
  prefix = '',
) {
  const read = ['s3:GetObject'];
  const write = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: access === 'read' ? read : [...read, ...write],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
    }),
  );
}
