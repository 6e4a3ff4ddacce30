import {
  aws_ec2 as ec2,
  aws_elasticache as elasticache,
  type aws_kms as kms,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';
import { SUBNETS } from '../network/FarNetwork.js';

/**
 * ElastiCache Redis of seed §3 (bus, rate limits, socket.io adapter): a replication group with a
 * replica in another zone and automatic failover, TLS in transit, KMS at rest, an AUTH token from
 * Secrets Manager, daily snapshots kept five days, in the isolated subnets.
 */
export class FarCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  readonly authToken: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { env: FarEnvironment; vpc: ec2.IVpc; key: kms.IKey }) {
    super(scope, id);
    const { env, vpc, key } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Redis: reachable only from the api and worker tasks',
      allowAllOutbound: false,
    });
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: `Far Labs ${env.name}: Redis AUTH token (REDIS_PASSWORD)`,
      encryptionKey: key,
      // ElastiCache AUTH tokens allow printable ASCII except these.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Far Labs Redis isolated subnets',
      subnetIds: vpc.selectSubnets({ subnetGroupName: SUBNETS.isolated }).subnetIds,
    });
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: `Far Labs ${env.name} Redis`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: env.cache.nodeType,
      numCacheClusters: 1 + env.cache.replicas,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyId,
      // A CloudFormation dynamic reference: the token is resolved at deploy time, not written in the template.
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: 6379,
      snapshotRetentionLimit: 5,
      snapshotWindow: '03:00-05:00',
      autoMinorVersionUpgrade: true,
    });
  }

  /**
   * Lets a role's tasks reach Redis (and only them).
   *
   * @param peer - the security group of the tasks.
   */
  allowFrom(peer: ec2.ISecurityGroup) {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(6379), 'Redis from an app role');
  }
}
