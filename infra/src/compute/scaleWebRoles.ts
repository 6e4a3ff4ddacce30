import { Duration, type aws_ecs as ecs, type aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib';
import type { FarEnvironment } from '../FarEnvironment.js';

/** Seed §3 cooldowns: add capacity within a minute, give it back after five. */
const COOLDOWN = { scaleOut: Duration.seconds(60), scaleIn: Duration.seconds(300) };

/**
 * Seed §3's autoscaling of the request-serving roles: web on CPU 70 % and memory 80 %, the API on
 * CPU 70 % and `requestsPerTarget` requests per task per minute, both also on request count so a
 * burst of cheap requests scales before CPU shows it. Target tracking takes the largest demand.
 */
export function scaleWebRoles(input: {
  env: FarEnvironment;
  api: ecs.FargateService;
  web: ecs.FargateService;
  targets: { api: elbv2.ApplicationTargetGroup; web: elbv2.ApplicationTargetGroup };
}) {
  const { env } = input;
  const cooldowns = { scaleOutCooldown: COOLDOWN.scaleOut, scaleInCooldown: COOLDOWN.scaleIn };
  const web = input.web.autoScaleTaskCount({
    minCapacity: env.web.scaling.min,
    maxCapacity: env.web.scaling.max,
  });
  web.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70, ...cooldowns });
  web.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 80, ...cooldowns });
  web.scaleOnRequestCount('Requests', {
    requestsPerTarget: env.api.requestsPerTarget,
    targetGroup: input.targets.web,
    ...cooldowns,
  });
  const api = input.api.autoScaleTaskCount({
    minCapacity: env.api.scaling.min,
    maxCapacity: env.api.scaling.max,
  });
  api.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70, ...cooldowns });
  api.scaleOnRequestCount('Requests', {
    requestsPerTarget: env.api.requestsPerTarget,
    targetGroup: input.targets.api,
    ...cooldowns,
  });
}
