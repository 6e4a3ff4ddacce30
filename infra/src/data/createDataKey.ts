import { aws_iam as iam, aws_kms as kms, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/**
 * The environment's customer-managed KMS key (rotated yearly, kept when the stack goes) for data
 * at rest: RDS, Redis, secrets, the uploads bucket and the alarm topic. CloudWatch alarms and the
 * GPU group's scaling notices may use it to publish to that encrypted topic.
 *
 * @returns the key.
 */
export function createDataKey(scope: Construct, env: FarEnvironment) {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'DataKey', {
    description: `Far Labs ${env.name}: data at rest (RDS, Redis, secrets, uploads, alarm topic)`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [
        new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        new iam.ArnPrincipal(
          `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
        ),
      ],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      // In a key policy `*` means this key.
      resources: ['*'],
    }),
  );
  return key;
}
