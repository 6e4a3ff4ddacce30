import {
  aws_applicationautoscaling as appscaling,
  aws_autoscaling as autoscaling,
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  aws_iam as iam,
  type aws_kms as kms,
  type aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  type aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantObjectAccess } from '../data/grantObjectAccess.js';
import type { FarEnvironment } from '../FarEnvironment.js';
import { SUBNETS } from '../network/FarNetwork.js';
import { APP_USER, roleLogDriver } from './roleContainer.js';

/** Where the GPU hosts keep model files, synced from the builds bucket's `models/` prefix at boot. */
const MODEL_DIR = '/opt/far/models';

/** CloudWatch namespace and name of the inference queue depth the worker publishes (EMF log lines). */
export const QUEUE_DEPTH_METRIC = { namespace: 'FarLabs', metricName: 'InferenceQueueDepth' } as const;

/**
 * Step-scaling intervals on queue depth (tasks waiting for a node), seed §3's GPUNodes steps
 * restated on the queue: an empty queue gives back capacity, a growing one adds 1, 2, then 4 nodes.
 */
const GPU_SCALING_STEPS: appscaling.ScalingInterval[] = [
  { upper: 1, change: -1 },
  { lower: 5, change: +1 },
  { lower: 20, change: +2 },
  { lower: 50, change: +4 },
];

/**
 * Name of the secret the operator creates with the far-nodes' owner wallet key.
 *
 * @returns e.g. `far/production/node-wallet-key`.
 */
export function nodeWalletSecretName(env: Pick<FarEnvironment, 'name'>) {
  return `far/${env.name}/node-wallet-key`;
}

/**
 * Operator-run GPU capacity: an Auto Scaling group of ECS-optimized GPU instances in the private
 * subnets (IMDSv2 only, encrypted volumes, no inbound rule) as a capacity provider with managed
 * scaling, and the far-node service on it — one GPU per task, dialling out to the API's node
 * gateway — step-scaled on the inference queue depth.
 */
export class FarGpuNodes extends Construct {
  readonly service: ecs.Ec2Service;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  constructor(
    scope: Construct,
    id: string,
    props: {
      env: FarEnvironment;
      cluster: ecs.Cluster;
      image: ecs.ContainerImage;
      models: s3.IBucket;
      key: kms.IKey;
      alarmTopic: sns.ITopic;
      coordinatorUrl: string;
    },
  ) {
    super(scope, id);
    const { env, cluster } = props;
    this.autoScalingGroup = createGpuHosts(this, props);
    const capacityProvider = new ecs.AsgCapacityProvider(this, 'Capacity', {
      autoScalingGroup: this.autoScalingGroup,
      enableManagedScaling: true,
      enableManagedTerminationProtection: false,
      enableManagedDraining: true,
      targetCapacityPercent: 100,
    });
    cluster.addAsgCapacityProvider(capacityProvider);

    const taskDefinition = new ecs.Ec2TaskDefinition(this, 'Task', { networkMode: ecs.NetworkMode.BRIDGE });
    taskDefinition.addVolume({ name: 'models', host: { sourcePath: MODEL_DIR } });
    taskDefinition.addVolume({ name: 'state', host: { sourcePath: '/var/lib/far-node' } });
    taskDefinition.addVolume({ name: 'tmp' });
    const container = taskDefinition.addContainer('far-node', {
      image: props.image,
      command: [
        '--coordinator',
        props.coordinatorUrl,
        '--engine',
        'llama',
        '--model',
        `${MODEL_DIR}/${env.gpu.modelFile.replace(/^models\//, '')}`,
        '--model-id',
        env.gpu.modelId,
        '--quiet',
      ],
      environment: { NODE_ENV: 'production', FAR_NODE_HOME: '/var/lib/far-node' },
      secrets: {
        FAR_NODE_WALLET_KEY: ecs.Secret.fromSecretsManager(
          secretsmanager.Secret.fromSecretNameV2(this, 'WalletKey', nodeWalletSecretName(env)),
        ),
      },
      user: APP_USER,
      readonlyRootFilesystem: true,
      gpuCount: 1,
      memoryReservationMiB: 8192,
      logging: roleLogDriver(this, env, 'far-node'),
      stopTimeout: Duration.seconds(120),
    });
    container.addMountPoints(
      { sourceVolume: 'models', containerPath: MODEL_DIR, readOnly: true },
      { sourceVolume: 'state', containerPath: '/var/lib/far-node', readOnly: false },
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
    );

    this.service = new ecs.Ec2Service(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: env.gpu.min,
      capacityProviderStrategies: [{ capacityProvider: capacityProvider.capacityProviderName, weight: 1 }],
      circuitBreaker: { enable: true, rollback: true },
      // A node's tasks move to a new node by failover; one GPU per host leaves no room to surge.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: env.gpu.min, maxCapacity: env.gpu.max });
    scaling.scaleOnMetric('QueueDepth', {
      metric: new cloudwatch.Metric({
        ...QUEUE_DEPTH_METRIC,
        dimensionsMap: { Environment: env.name },
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      scalingSteps: GPU_SCALING_STEPS,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      cooldown: Duration.minutes(5),
      evaluationPeriods: 2,
    });
  }
}

function createGpuHosts(
  scope: Construct,
  props: {
    env: FarEnvironment;
    cluster: ecs.Cluster;
    models: s3.IBucket;
    key: kms.IKey;
    alarmTopic: sns.ITopic;
  },
) {
  const { env, models } = props;
  const vpc = props.cluster.vpc;
  const securityGroup = new ec2.SecurityGroup(scope, 'HostSecurityGroup', {
    vpc,
    description: `Far Labs ${env.name} GPU hosts: outbound only`,
    allowAllOutbound: true,
  });
  // The ECS agent's instance policies are added by the cluster when the group joins it.
  const role = new iam.Role(scope, 'HostRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    `mkdir -p ${MODEL_DIR} /var/lib/far-node`,
    'chown 1000:1000 /var/lib/far-node',
    `aws s3 sync s3://${models.bucketName}/models/ ${MODEL_DIR}/ --only-show-errors`,
  );
  const launchTemplate = new ec2.LaunchTemplate(scope, 'Hosts', {
    instanceType: new ec2.InstanceType(env.gpu.instanceType),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2(ecs.AmiHardwareType.GPU),
    securityGroup,
    userData,
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    role,
    blockDevices: [
      {
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(100, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
      },
    ],
  });
  const group = new autoscaling.AutoScalingGroup(scope, 'HostGroup', {
    vpc,
    vpcSubnets: { subnetGroupName: SUBNETS.private },
    launchTemplate,
    minCapacity: env.gpu.min,
    maxCapacity: env.gpu.max,
    newInstancesProtectedFromScaleIn: false,
    notifications: [{ topic: props.alarmTopic }],
  });
  grantObjectAccess(role, models, props.key, 'read', 'models/');
  return group;
}
