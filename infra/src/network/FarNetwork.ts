import { aws_ec2 as ec2, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/** Subnet group names; the data constructs and tests select subnets by them. */
export const SUBNETS = { public: 'public', private: 'private', isolated: 'isolated' } as const;

/**
 * The VPC of seed §3 across `azCount` zones: public subnets for the ALB and NAT gateways, private
 * subnets (egress through NAT) for the ECS tasks and GPU hosts, isolated subnets (no route out)
 * for RDS and Redis. Flow logs go to CloudWatch so rejected traffic can be audited (seed §8).
 */
export class FarNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, env: FarEnvironment, availabilityZones: readonly string[]) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(env.vpcCidr),
      availabilityZones: availabilityZones.slice(0, env.azCount),
      natGateways: env.natGateways,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration: [
        { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: SUBNETS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: SUBNETS.isolated, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: env.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    // S3 traffic from tasks stays on the AWS network and costs no NAT data processing.
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  }
}
