import {
  aws_ec2 as ec2,
  type aws_ecs as ecs,
  type aws_elasticloadbalancingv2 as elbv2,
  type aws_kms as kms,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarCache } from '../data/FarCache.js';
import type { FarDatabase } from '../data/FarDatabase.js';
import { grantObjectAccess } from '../data/grantObjectAccess.js';
import type { FarLoadBalancer } from '../edge/FarLoadBalancer.js';
import type { FarEnvironment } from '../FarEnvironment.js';
import { FarFargateRole } from './FarFargateRole.js';
import { SCRATCH_MOUNTS } from './roleContainer.js';
import { HEALTH_PATHS, hostsOf, ROLE_PORTS, webSettings } from './roleSettings.js';
import { scaleWebRoles } from './scaleWebRoles.js';

export type FarAppRolesProps = {
  env: FarEnvironment;
  cluster: ecs.ICluster;
  images: { api: ecs.ContainerImage; web: ecs.ContainerImage };
  backend: RoleSettings;
  /** What only the worker gets on top of `backend` (the price keeper's source and key). */
  workerOnly: RoleSettings;
  database: FarDatabase;
  cache: FarCache;
  uploads: s3.IBucket;
  key: kms.IKey;
  loadBalancer: FarLoadBalancer;
  /** The scrapers' security group (Prometheus or an ADOT collector in the VPC). */
  monitoring: ec2.ISecurityGroup;
};

type BackendRole = 'api' | 'worker' | 'migrate';

type RoleSettings = { environment: Record<string, string>; secrets: Record<string, ecs.Secret> };

/**
 * The Fargate roles (issue 17): `api` behind the ALB on `api.<domain>`, `worker` as one active
 * plus one hot standby (the app elects the leader), `migrate` as a task definition the pipeline
 * runs once per deploy, and `web` as the ALB's default route. Only the backend roles may reach
 * PostgreSQL, Redis and the uploads bucket; web holds no credential.
 */
export class FarAppRoles extends Construct {
  readonly api: FarFargateRole;
  readonly worker: FarFargateRole;
  readonly migrate: FarFargateRole;
  readonly web: FarFargateRole;
  readonly targets: { api: elbv2.ApplicationTargetGroup; web: elbv2.ApplicationTargetGroup };

  constructor(scope: Construct, id: string, props: FarAppRolesProps) {
    super(scope, id);
    const { env, cluster, backend, workerOnly } = props;
    const backendRole = (
      role: BackendRole,
      task: { cpu: number; memoryMiB: number },
      desiredCount?: number,
    ) => {
      const extra = role === 'worker' ? workerOnly : { environment: {}, secrets: {} };
      const created = new FarFargateRole(this, `Role-${role}`, {
        env,
        cluster,
        role,
        image: props.images.api,
        command: [role],
        ...task,
        environment: { ...backend.environment, ...extra.environment, FAR_ROLE: role },
        secrets: { ...backend.secrets, ...extra.secrets },
        scratch: [SCRATCH_MOUNTS.tmp],
        ...(role === 'api' ? { port: ROLE_PORTS.api } : {}),
        ...(desiredCount === undefined ? {} : { desiredCount, discoveryName: role }),
      });
      if (desiredCount !== undefined) {
        // /metrics on the role's HTTP port (PORT), for the scrapers; the ALB reaches api by its own rule.
        created.securityGroup.addIngressRule(
          props.monitoring,
          ec2.Port.tcp(ROLE_PORTS.api),
          'Prometheus scrape',
        );
      }
      props.database.allowFrom(created.securityGroup);
      props.cache.allowFrom(created.securityGroup);
      grantObjectAccess(created.taskDefinition.taskRole, props.uploads, props.key, 'readWrite');
      return created;
    };
    this.api = backendRole('api', env.api.task, env.api.scaling.desired);
    // One active worker holds the leader lock; the second is the hot standby (issue 17).
    this.worker = backendRole('worker', env.worker.task, env.worker.count);
    this.migrate = backendRole('migrate', env.worker.task);
    this.web = new FarFargateRole(this, 'Role-web', {
      env,
      cluster,
      role: 'web',
      image: props.images.web,
      ...env.web.task,
      environment: webSettings(env),
      port: ROLE_PORTS.web,
      scratch: [SCRATCH_MOUNTS.tmp, SCRATCH_MOUNTS.nextCache],
      desiredCount: env.web.scaling.desired,
    });
    const apiService = this.api.service as ecs.FargateService;
    const webService = this.web.service as ecs.FargateService;
    this.targets = {
      api: props.loadBalancer.addRole({
        id: 'Api',
        target: apiService,
        port: ROLE_PORTS.api,
        healthPath: HEALTH_PATHS.api,
        host: hostsOf(env).api,
      }),
      web: props.loadBalancer.addRole({
        id: 'Web',
        target: webService,
        port: ROLE_PORTS.web,
        healthPath: HEALTH_PATHS.web,
      }),
    };
    scaleWebRoles({ env, api: apiService, web: webService, targets: this.targets });
  }
}
