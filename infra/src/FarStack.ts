import {
  CfnOutput,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  Stack,
  type StackProps,
  aws_sns as sns,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FarAppRoles } from './compute/FarAppRoles.js';
import { FarGpuNodes } from './compute/FarGpuNodes.js';
import { backendSettings, discoveryNamespace, hostsOf, workerSettings } from './compute/roleSettings.js';
import { createDataKey } from './data/createDataKey.js';
import { FarBuckets } from './data/FarBuckets.js';
import { FarCache } from './data/FarCache.js';
import { FarDatabase } from './data/FarDatabase.js';
import { FarSecrets } from './data/FarSecrets.js';
import { declareStackParameters } from './declareStackParameters.js';
import { FarDistribution } from './edge/FarDistribution.js';
import { FarLoadBalancer } from './edge/FarLoadBalancer.js';
import type { FarEnvironment } from './FarEnvironment.js';
import { FarAlarms } from './monitoring/FarAlarms.js';
import { FarNetwork } from './network/FarNetwork.js';
import { type FarImage, repositoryName } from './registry/FarRegistryStack.js';
import { suppressJustifiedFindings } from './suppressJustifiedFindings.js';

export type FarStackProps = StackProps & { farEnv: FarEnvironment; availabilityZones: readonly string[] };

/**
 * One environment of seed §3 (staging or production): network, data, edge, the four process
 * roles and their alarms. Deploy-time inputs are CloudFormation parameters — the ACM certificate,
 * the image tag the pipeline built and the price keeper's source — so `cdk synth` needs no AWS
 * account or network.
 */
export class FarStack extends Stack {
  constructor(scope: Construct, id: string, props: FarStackProps) {
    super(scope, id, props);
    const env = props.farEnv;
    const hosts = hostsOf(env);
    const { certificateArn, imageTag, priceSource } = declareStackParameters(this, hosts);
    const image = (name: FarImage) =>
      ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryName(this, `Repository-${name}`, repositoryName(name)),
        imageTag,
      );

    const key = createDataKey(this, env);
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Far Labs ${env.name} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const { vpc } = new FarNetwork(this, 'Network', env, props.availabilityZones);
    const buckets = new FarBuckets(this, 'Buckets', { env, key });
    const secrets = new FarSecrets(this, 'Secrets', env, key);
    const database = new FarDatabase(this, 'Database', { env, vpc, key });
    const cache = new FarCache(this, 'Cache', { env, vpc, key });
    const loadBalancer = new FarLoadBalancer(this, 'LoadBalancer', {
      env,
      vpc,
      certificateArn,
      logs: buckets.logs,
    });
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
      // Private DNS: api.<env>.far.internal and worker.<env>.far.internal list the tasks' IPs.
      defaultCloudMapNamespace: { name: discoveryNamespace(env) },
    });
    const monitoring = new ec2.SecurityGroup(this, 'Monitoring', {
      vpc,
      description: 'Prometheus or an ADOT collector: may scrape the api and worker tasks',
      allowAllOutbound: true,
    });
    const roles = new FarAppRoles(this, 'Roles', {
      env,
      cluster,
      images: { api: image('api'), web: image('web') },
      backend: backendSettings(this, { env, database, cache, secrets, uploads: buckets.uploads }),
      workerOnly: workerSettings(secrets, priceSource),
      database,
      cache,
      uploads: buckets.uploads,
      key,
      loadBalancer,
      monitoring,
    });
    const gpu = new FarGpuNodes(this, 'GpuNodes', {
      env,
      cluster,
      image: image('far-node'),
      models: buckets.uploads,
      key,
      alarmTopic,
      coordinatorUrl: `https://${hosts.api}`,
    });
    const { distribution } = new FarDistribution(this, 'Edge', {
      env,
      alb: loadBalancer.alb,
      assets: buckets.assets,
      logs: buckets.logs,
      certificateArn,
    });
    const service = (role: 'api' | 'worker' | 'web') => roles[role].service as ecs.FargateService;
    new FarAlarms(this, 'Alarms', {
      env,
      topic: alarmTopic,
      alb: loadBalancer.alb,
      targets: roles.targets,
      services: { api: service('api'), worker: service('worker'), web: service('web') },
      database: database.instance,
      cache: cache.replicationGroup,
    });
    // What the deploy workflow reads (infra/README.md, .github/workflows/deploy.yml).
    const outputs: Record<string, string> = {
      ClusterName: cluster.clusterName,
      ApiServiceName: service('api').serviceName,
      WorkerServiceName: service('worker').serviceName,
      WebServiceName: service('web').serviceName,
      GpuServiceName: gpu.service.serviceName,
      MigrationTaskDefinition: roles.migrate.taskDefinition.taskDefinitionArn,
      MigrationSecurityGroup: roles.migrate.securityGroup.securityGroupId,
      PrivateSubnets: vpc.privateSubnets.map((subnet) => subnet.subnetId).join(','),
      AssetsBucket: buckets.assets.bucketName,
      LoadBalancerDns: loadBalancer.alb.loadBalancerDnsName,
      DistributionDomain: distribution.distributionDomainName,
      DistributionId: distribution.distributionId,
      ApiUrl: `https://${hosts.api}`,
      WebUrl: `https://${hosts.web}`,
      AlarmTopicArn: alarmTopic.topicArn,
      MonitoringSecurityGroup: monitoring.securityGroupId,
      DiscoveryNamespace: discoveryNamespace(env),
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
    suppressJustifiedFindings(this);
  }
}
