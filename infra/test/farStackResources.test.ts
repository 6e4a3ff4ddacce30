import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALB_IDLE_TIMEOUT_SECONDS } from '../src/edge/FarLoadBalancer.js';
import { FAR_ENVIRONMENTS } from '../src/FarEnvironment.js';
import { ENVIRONMENT_STACKS, readTemplates, resourcesOf } from './support/readTemplates.js';

const stacks = readTemplates();

describe('the registry stack', () => {
  it('holds one encrypted, scanned, immutable-tag ECR repository per image', () => {
    const { template } = stacks.get('FarRegistry') ?? expect.unreachable();
    template.resourceCountIs('AWS::ECR::Repository', 3);
    for (const name of ['far/api', 'far/web', 'far/far-node']) {
      template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS' },
      });
    }
  });
});

describe.each(ENVIRONMENT_STACKS)('%s: every resource of seed §3', (stackName) => {
  const { template, json } = stacks.get(stackName) ?? expect.unreachable();
  const env = stackName.startsWith('Staging') ? FAR_ENVIRONMENTS.staging : FAR_ENVIRONMENTS.production;

  it('has a VPC with DNS and public, private and isolated subnets in each of 2+ zones', () => {
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: env.vpcCidr,
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
    const subnets = resourcesOf(json, 'AWS::EC2::Subnet');
    expect(env.azCount).toBeGreaterThanOrEqual(2);
    expect(subnets).toHaveLength(3 * env.azCount);
    const zones = new Set(subnets.map(([, p]) => JSON.stringify(p.AvailabilityZone)));
    expect(zones.size).toBe(env.azCount);
    const kinds = subnets.map(
      ([, p]) =>
        (p.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'aws-cdk:subnet-name')?.Value,
    );
    for (const kind of ['public', 'private', 'isolated']) {
      expect(kinds.filter((k) => k === kind)).toHaveLength(env.azCount);
    }
    template.resourceCountIs('AWS::EC2::NatGateway', env.natGateways);
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('has an ECS cluster with Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
  });

  it('has RDS PostgreSQL Multi-AZ, KMS-encrypted, backed up, in the isolated subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
      StorageType: 'gp3',
      BackupRetentionPeriod: env.database.backupRetentionDays,
      PreferredBackupWindow: '03:00-04:00',
      DeletionProtection: env.database.deletionProtection,
      PubliclyAccessible: false,
    });
    const [[, subnetGroup] = ['', {}]] = resourcesOf(json, 'AWS::RDS::DBSubnetGroup');
    for (const ref of subnetGroup.SubnetIds as { Ref: string }[]) {
      expect(ref.Ref).toMatch(/isolated/);
    }
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('has ElastiCache Redis with TLS, encryption at rest, AUTH and a replica in another zone', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      KmsKeyId: Match.anyValue(),
      AuthToken: Match.anyValue(),
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      NumCacheClusters: 1 + env.cache.replicas,
      SnapshotRetentionLimit: 5,
    });
  });

  it('has the three buckets: static assets, game builds and uploads, logs and backups', () => {
    const buckets = resourcesOf(json, 'AWS::S3::Bucket').map(([id]) => id);
    expect(buckets).toHaveLength(3);
    expect(buckets.join(' ')).toMatch(/StaticAssets/);
    expect(buckets.join(' ')).toMatch(/GameBuildsAndUploads/);
    expect(buckets.join(' ')).toMatch(/Logs/);
  });

  it('has CloudFront with origin access control to the assets bucket and HTTPS to the ALB', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [env.domainName],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/_next/static/*' })],
        Origins: Match.arrayWith([
          Match.objectLike({ CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }) }),
          Match.objectLike({ OriginAccessControlId: Match.anyValue() }),
        ]),
      }),
    });
  });

  it('has an ALB answering HTTPS with the given certificate, redirecting HTTP, with a WebSocket-length idle timeout', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS' }) }),
      ],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'idle_timeout.timeout_seconds', Value: String(ALB_IDLE_TIMEOUT_SECONDS) },
      ]),
    });
    for (const [, targetGroup] of resourcesOf(json, 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
      const attributes = (targetGroup.TargetGroupAttributes ?? []) as { Key: string; Value: string }[];
      expect(attributes.find((a) => a.Key === 'stickiness.enabled')?.Value ?? 'false').toBe('false');
    }
  });

  it('has WAF rate rules and managed rules on the ALB', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            RateBasedStatement: Match.objectLike({ Limit: env.wafRateLimitPer5Min, AggregateKeyType: 'IP' }),
          },
        }),
        Match.objectLike({
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'FORWARDED_IP' }) },
        }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it('runs api, worker, web and far-node services, all rolled back by the deployment circuit breaker', () => {
    const services = resourcesOf(json, 'AWS::ECS::Service');
    expect(services).toHaveLength(4);
    for (const [, service] of services) {
      expect(service.DeploymentConfiguration).toMatchObject({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
    }
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      TaskDefinition: { Ref: Match.stringLikeRegexp('Roleworker') },
      LoadBalancers: Match.absent(),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['EC2'],
      ContainerDefinitions: [
        Match.objectLike({ Name: 'far-node', ResourceRequirements: [{ Type: 'GPU', Value: '1' }] }),
      ],
    });
    // The migration task definition exists for the pipeline but runs no service.
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 'migrate', Command: ['migrate'] })],
    });
  });

  it('scales web on CPU, memory and requests, the API on CPU and requests, within the seed bounds', () => {
    const targets = resourcesOf(json, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([id, p]) => ({
      id,
      min: p.MinCapacity,
      max: p.MaxCapacity,
    }));
    expect(targets).toEqual(
      expect.arrayContaining([
        { id: expect.stringMatching(/Roleweb/), min: env.web.scaling.min, max: env.web.scaling.max },
        { id: expect.stringMatching(/Roleapi/), min: env.api.scaling.min, max: env.api.scaling.max },
        { id: expect.stringMatching(/GpuNodes/), min: env.gpu.min, max: env.gpu.max },
      ]),
    );
    const tracked = resourcesOf(json, 'AWS::ApplicationAutoScaling::ScalingPolicy')
      .filter(([, p]) => p.PolicyType === 'TargetTrackingScaling')
      .map(([id, p]) => {
        const config = p.TargetTrackingScalingPolicyConfiguration as {
          PredefinedMetricSpecification: { PredefinedMetricType: string };
        };
        return `${id.match(/Role(web|api)/)?.[1]}:${config.PredefinedMetricSpecification.PredefinedMetricType}`;
      });
    expect(tracked.sort()).toEqual([
      'api:ALBRequestCountPerTarget',
      'api:ECSServiceAverageCPUUtilization',
      'web:ALBRequestCountPerTarget',
      'web:ECSServiceAverageCPUUtilization',
      'web:ECSServiceAverageMemoryUtilization',
    ]);
  });

  it('step-scales the GPU nodes on the queue-depth metric, on an EC2 GPU capacity provider', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      ScalingTargetId: { Ref: Match.stringLikeRegexp('GpuNodes') },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FarLabs',
      MetricName: 'InferenceQueueDepth',
      Dimensions: [{ Name: 'Environment', Value: env.name }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('QueueDepthUpperPolicy') }],
    });
    template.hasResourceProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: Match.objectLike({ ManagedScaling: Match.objectLike({ Status: 'ENABLED' }) }),
    });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ InstanceType: env.gpu.instanceType }),
    });
  });

  it('injects the JWT secret, database credentials and oracle key as ECS secrets, never as plain environment', () => {
    for (const [, task] of resourcesOf(json, 'AWS::ECS::TaskDefinition')) {
      for (const container of task.ContainerDefinitions as { Name: string; Secrets?: { Name: string }[] }[]) {
        if (!['api', 'worker', 'migrate'].includes(container.Name)) continue;
        const secretNames = (container.Secrets ?? []).map((s) => s.Name);
        expect(secretNames).toEqual(
          expect.arrayContaining([
            'JWT_SECRET',
            'PGUSER',
            'PGPASSWORD',
            'COORDINATOR_PRIVATE_KEY',
            'REDIS_PASSWORD',
          ]),
        );
      }
    }
  });

  it('gives the price keeper key and source to the worker alone', () => {
    const containers = resourcesOf(json, 'AWS::ECS::TaskDefinition').flatMap(
      ([, task]) =>
        task.ContainerDefinitions as {
          Name: string;
          Secrets?: { Name: string; ValueFrom: unknown }[];
          Environment?: { Name: string; Value: unknown }[];
        }[],
    );
    const keeperNames = /^PRICE_(KEEPER|SOURCE)_/;
    for (const container of containers) {
      const names = [...(container.Secrets ?? []), ...(container.Environment ?? [])].map((v) => v.Name);
      if (container.Name !== 'worker') {
        expect(
          names.filter((name) => keeperNames.test(name)),
          container.Name,
        ).toEqual([]);
        continue;
      }
      const secret = container.Secrets?.find((s) => s.Name === 'PRICE_KEEPER_PRIVATE_KEY');
      expect(JSON.stringify(secret?.ValueFrom)).toContain(`secret:far/${env.name}/price-keeper-key`);
      const environment = Object.fromEntries((container.Environment ?? []).map((v) => [v.Name, v.Value]));
      expect(environment.PRICE_SOURCE_URL).toEqual({ Ref: 'PriceSourceUrl' });
      expect(environment.PRICE_SOURCE_FIELD).toEqual({ Ref: 'PriceSourceField' });
    }
    expect(containers.filter((c) => c.Name === 'worker')).toHaveLength(1);
    expect(json.Parameters?.PriceSourceUrl).toMatchObject({ AllowedPattern: '^https://\\S+$' });
    expect(json.Parameters?.PriceSourceUrl).not.toHaveProperty('Default');
    expect(json.Parameters?.PriceSourceField).toMatchObject({ Default: 'farUsd' });
  });

  it('alarms on 5xx, p99 latency, unhealthy targets, a stopped worker, database and Redis pressure', () => {
    const names = resourcesOf(json, 'AWS::CloudWatch::Alarm').map(([, p]) => String(p.AlarmName ?? ''));
    for (const name of [
      'alb-5xx',
      'api-5xx',
      'api-p99-latency',
      'api-unhealthy-targets',
      'web-unhealthy-targets',
      'worker-not-running',
      'database-cpu',
      'database-storage-low',
      'redis-memory',
      'inference-queue-backlog',
    ]) {
      expect(names).toContain(`far-${env.name}-${name}`);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('registers the api and worker tasks in private DNS, where only the monitoring group may scrape them', () => {
    template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', {
      Name: `${env.name}.far.internal`,
    });
    const registries = resourcesOf(json, 'AWS::ServiceDiscovery::Service').map(([, p]) => p.Name);
    expect(registries.sort()).toEqual(['api', 'worker']);
    const scrapes = resourcesOf(json, 'AWS::EC2::SecurityGroupIngress').filter(([, rule]) =>
      JSON.stringify(rule.SourceSecurityGroupId).includes('"Monitoring'),
    );
    expect(
      scrapes.map(([, rule]) => JSON.stringify(rule.GroupId).match(/Role(api|worker)/)?.[1]).sort(),
    ).toEqual(['api', 'worker']);
    for (const [, rule] of scrapes) expect(rule).toMatchObject({ FromPort: 4000, ToPort: 4000 });
  });

  it('takes the certificate, image tag and price source as parameters, so synthesis needs no AWS account', () => {
    expect(Object.keys(json.Parameters ?? {})).toEqual(
      expect.arrayContaining(['CertificateArn', 'ImageTag', 'PriceSourceUrl', 'PriceSourceField']),
    );
  });
});
