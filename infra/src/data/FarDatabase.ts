import { Duration, aws_ec2 as ec2, type aws_kms as kms, RemovalPolicy, aws_rds as rds } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';
import { SUBNETS } from '../network/FarNetwork.js';

/** Name of the application database inside the instance. */
export const DATABASE_NAME = 'far';

/**
 * RDS PostgreSQL of seed §3: Multi-AZ, gp3, KMS-encrypted with the environment's key, automated
 * backups in the seed's window, in the isolated subnets, TLS forced. Its security group admits
 * nobody; the ECS roles that need it are allowed in by `allowFrom`.
 */
export class FarDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: { env: FarEnvironment; vpc: ec2.IVpc; key: kms.IKey }) {
    super(scope, id);
    const { env, vpc, key } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'PostgreSQL: reachable only from the api and worker tasks',
      allowAllOutbound: false,
    });
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    this.instance = new rds.DatabaseInstance(this, 'Postgres', {
      engine,
      instanceType: ec2.InstanceType.of(
        env.database.instanceClass as ec2.InstanceClass,
        env.database.instanceSize as ec2.InstanceSize,
      ),
      vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.isolated },
      securityGroups: [this.securityGroup],
      multiAz: true,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret('far', { encryptionKey: key }),
      storageEncrypted: true,
      storageEncryptionKey: key,
      storageType: rds.StorageType.GP3,
      allocatedStorage: env.database.allocatedStorageGiB,
      maxAllocatedStorage: env.database.allocatedStorageGiB * 4,
      backupRetention: Duration.days(env.database.backupRetentionDays),
      preferredBackupWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      deletionProtection: env.database.deletionProtection,
      removalPolicy: env.database.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      cloudwatchLogsExports: ['postgresql'],
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
        engine,
        parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' },
      }),
    });
  }

  /**
   * Lets a role's tasks reach PostgreSQL (and only them).
   *
   * @param peer - the security group of the tasks.
   */
  allowFrom(peer: ec2.ISecurityGroup) {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(5432), 'PostgreSQL from an app role');
  }
}
