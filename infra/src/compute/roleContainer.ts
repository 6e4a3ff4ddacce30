import { aws_ecs as ecs, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/**
 * The uid:gid every role runs as: the `node` user of the official Node images the Dockerfiles
 * build on (never root).
 */
export const APP_USER = '1000:1000';

/** Where the images keep the app (WORKDIR); the web's writable Next cache lives under it. */
const APP_DIR = '/app';

/** Writable scratch space of a task whose root filesystem is read-only. */
export const SCRATCH_MOUNTS = { tmp: '/tmp', nextCache: `${APP_DIR}/apps/web/.next/cache` } as const;

/**
 * A role's log group: one per role and environment, kept `logRetentionDays`.
 *
 * @returns the awslogs driver writing to it.
 */
export function roleLogDriver(scope: Construct, env: FarEnvironment, role: string) {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName: `/far/${env.name}/${role}`,
    retention: env.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: role });
}

/**
 * Gives a container a read-only root filesystem with writable, task-local scratch mounts
 * (Fargate ephemeral storage, wiped with the task).
 *
 * @param mounts - container paths that must stay writable.
 */
export function mountScratch(
  taskDefinition: ecs.TaskDefinition,
  container: ecs.ContainerDefinition,
  mounts: readonly string[],
) {
  mounts.forEach((containerPath, index) => {
    const name = `scratch${index}`;
    taskDefinition.addVolume({ name });
    container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
  });
}
