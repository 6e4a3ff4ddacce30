import type { Load } from './loadProfiles.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };

/** Task or host counts of one billable service at each load. */
export type CountsByLoad = Record<Load, number>;

/** What a synthesized environment stack pays for, read from its template. */
export type BillableResources = {
  fargateServices: { id: string; vcpu: number; memoryGb: number; counts: CountsByLoad }[];
  gpuHosts: { instanceType: string; volumeGb: number; counts: CountsByLoad }[];
  databases: { instanceClass: string; multiAz: boolean; storageGb: number }[];
  caches: { nodeType: string; nodes: number }[];
  natGateways: number;
  publicIpv4Addresses: number;
  loadBalancers: number;
  distributions: number;
  buckets: number;
  wafRules: number;
  webAcls: number;
  kmsKeys: number;
  secrets: number;
  alarms: number;
  customMetrics: number;
};

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type) as [
    string,
    Resource & { Properties: Record<string, unknown> },
  ][];

const refTo = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;

/**
 * Reads the billable resources of an environment stack's template: task sizes and counts (a
 * service's scalable target gives its minimum and maximum, its desired count the medium), the GPU
 * hosts' instance type and group bounds, database and cache classes, and the fixed-price items.
 *
 * @param template - a synthesized CloudFormation template (parsed JSON).
 * @returns the inventory the estimate prices.
 */
export function readBillableResources(template: Template): BillableResources {
  const text = JSON.stringify(template);
  const targets = ofType(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
  const taskDefinitions = new Map(ofType(template, 'AWS::ECS::TaskDefinition'));
  const fargateServices = ofType(template, 'AWS::ECS::Service')
    .filter(([, s]) => s.Properties.LaunchType === 'FARGATE')
    .map(([id, service]) => {
      const task = taskDefinitions.get(refTo(service.Properties.TaskDefinition) ?? '');
      const desired = Number(service.Properties.DesiredCount ?? 0);
      const target = targets.find(([, t]) => JSON.stringify(t.Properties.ResourceId).includes(`"${id}"`));
      const min = target ? Number(target[1].Properties.MinCapacity) : desired;
      const max = target ? Number(target[1].Properties.MaxCapacity) : desired;
      return {
        id,
        vcpu: Number(task?.Properties.Cpu) / 1024,
        memoryGb: Number(task?.Properties.Memory) / 1024,
        counts: { low: min, medium: desired, high: max },
      };
    });
  const launchTemplates = new Map(ofType(template, 'AWS::EC2::LaunchTemplate'));
  const gpuHosts = ofType(template, 'AWS::AutoScaling::AutoScalingGroup').map(([, group]) => {
    const spec = group.Properties.LaunchTemplate as { LaunchTemplateId: { Ref: string } };
    const data = launchTemplates.get(spec.LaunchTemplateId.Ref)?.Properties.LaunchTemplateData as {
      InstanceType: string;
      BlockDeviceMappings: { Ebs: { VolumeSize: number } }[];
    };
    const min = Number(group.Properties.MinSize);
    const max = Number(group.Properties.MaxSize);
    return {
      instanceType: data.InstanceType,
      volumeGb: data.BlockDeviceMappings.reduce((sum, device) => sum + device.Ebs.VolumeSize, 0),
      // Medium: a quarter of the group's ceiling busy on average (queue-depth scaling follows demand).
      counts: { low: min, medium: Math.max(min, Math.ceil(max / 4)), high: max },
    };
  });
  const publicSubnets = ofType(template, 'AWS::EC2::Subnet').filter(
    ([, s]) => s.Properties.MapPublicIpOnLaunch === true,
  );
  return {
    fargateServices,
    gpuHosts,
    databases: ofType(template, 'AWS::RDS::DBInstance').map(([, db]) => ({
      instanceClass: String(db.Properties.DBInstanceClass),
      multiAz: db.Properties.MultiAZ === true,
      storageGb: Number(db.Properties.AllocatedStorage),
    })),
    caches: ofType(template, 'AWS::ElastiCache::ReplicationGroup').map(([, cache]) => ({
      nodeType: String(cache.Properties.CacheNodeType),
      nodes: Number(cache.Properties.NumCacheClusters),
    })),
    natGateways: ofType(template, 'AWS::EC2::NatGateway').length,
    // NAT gateways' Elastic IPs, plus one address per zone for an internet-facing ALB.
    publicIpv4Addresses: ofType(template, 'AWS::EC2::EIP').length + publicSubnets.length,
    loadBalancers: ofType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').length,
    distributions: ofType(template, 'AWS::CloudFront::Distribution').length,
    buckets: ofType(template, 'AWS::S3::Bucket').length,
    webAcls: ofType(template, 'AWS::WAFv2::WebACL').length,
    wafRules: ofType(template, 'AWS::WAFv2::WebACL').reduce(
      (sum, [, acl]) => sum + (acl.Properties.Rules as unknown[]).length,
      0,
    ),
    kmsKeys: ofType(template, 'AWS::KMS::Key').length,
    // Secrets the stack creates plus the operator-created ones its tasks read by name.
    secrets:
      ofType(template, 'AWS::SecretsManager::Secret').length +
      new Set(text.match(/secret:far\/[a-z]+\/[a-z-]+/g) ?? []).size,
    alarms: ofType(template, 'AWS::CloudWatch::Alarm').length,
    customMetrics: new Set(
      ofType(template, 'AWS::CloudWatch::Alarm')
        .filter(
          ([, alarm]) =>
            typeof alarm.Properties.Namespace === 'string' &&
            !String(alarm.Properties.Namespace).startsWith('AWS/'),
        )
        .map(([, alarm]) => `${alarm.Properties.Namespace}/${alarm.Properties.MetricName}`),
    ).size,
  };
}
