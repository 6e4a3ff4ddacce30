import {
  Duration,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  aws_servicediscovery as servicediscovery,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';
import { SUBNETS } from '../network/FarNetwork.js';
import { APP_USER, mountScratch, roleLogDriver } from './roleContainer.js';

export type FarFargateRoleProps = {
  env: FarEnvironment;
  cluster: ecs.ICluster;
  role: 'api' | 'worker' | 'web' | 'migrate';
  image: ecs.ContainerImage;
  /** The image's first argument picks the role (`api`, `worker`, `migrate`); the web image has one role. */
  command?: string[];
  cpu: number;
  memoryMiB: number;
  environment: Record<string, string>;
  secrets?: Record<string, ecs.Secret>;
  port?: number;
  /** Paths that stay writable under the read-only root filesystem. */
  scratch: readonly string[];
  /** Tasks to keep running; absent for a task that is only run on demand (migrations). */
  desiredCount?: number;
  /** Registers each task as `<name>.<namespace>` (A records) so Prometheus in the VPC finds it. */
  discoveryName?: string;
};

/**
 * One process role on Fargate: its own security group (no ingress until something allows it),
 * a task definition whose container runs as a non-root user on a read-only root filesystem, logs
 * to the role's log group, and — for long-running roles — a service in the private subnets that
 * the deployment circuit breaker rolls back when new tasks fail to become healthy.
 */
export class FarFargateRole extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly service?: ecs.FargateService;

  constructor(scope: Construct, id: string, props: FarFargateRoleProps) {
    super(scope, id);
    const vpc = props.cluster.vpc;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Far Labs ${props.env.name} ${props.role} tasks`,
      // Tasks call the chain RPC, AWS APIs and Postgres/Redis; egress stays open inside the NAT.
      allowAllOutbound: true,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.container = this.taskDefinition.addContainer(props.role, {
      image: props.image,
      ...(props.command ? { command: props.command } : {}),
      environment: props.environment,
      ...(props.secrets ? { secrets: props.secrets } : {}),
      user: APP_USER,
      readonlyRootFilesystem: true,
      logging: roleLogDriver(this, props.env, props.role),
      portMappings: props.port ? [{ containerPort: props.port }] : [],
      // SIGTERM first; the app drains HTTP, sockets and node tasks within this window (issue 17 item 1).
      stopTimeout: Duration.seconds(60),
    });
    mountScratch(this.taskDefinition, this.container, props.scratch);
    if (props.desiredCount !== undefined) {
      this.service = new ecs.FargateService(this, 'Service', {
        cluster: props.cluster,
        taskDefinition: this.taskDefinition,
        desiredCount: props.desiredCount,
        securityGroups: [this.securityGroup],
        vpcSubnets: { subnetGroupName: SUBNETS.private },
        assignPublicIp: false,
        circuitBreaker: { enable: true, rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        enableExecuteCommand: false,
        ...(props.discoveryName
          ? {
              cloudMapOptions: {
                name: props.discoveryName,
                dnsRecordType: servicediscovery.DnsRecordType.A,
                dnsTtl: Duration.seconds(10),
              },
            }
          : {}),
        ...(props.port ? { healthCheckGracePeriod: Duration.seconds(60) } : {}),
      });
    }
  }
}
