import { z } from 'zod';

const scalingSchema = z.object({ min: z.int().min(0), desired: z.int().min(0), max: z.int().min(1) });

const taskSizeSchema = z.object({ cpu: z.int().positive(), memoryMiB: z.int().positive() });

/**
 * Everything that differs between staging and production. Sizes follow seed §3 for production
 * (db.r5-class Multi-AZ Postgres, r6g Redis, web 2–20 tasks, API 3–30); staging is the same shape,
 * smaller, so what is tested in staging is what production runs.
 */
export const farEnvironmentSchema = z.object({
  name: z.enum(['staging', 'production']),
  /** Hostname the ALB certificate covers; CloudFront and the API answer under it. */
  domainName: z.string().min(1),
  vpcCidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/),
  /** Availability zones the VPC spans (2+; seed §3 uses 2, production takes 3). */
  azCount: z.int().min(2),
  natGateways: z.int().min(1),
  database: z.object({
    instanceClass: z.string(),
    instanceSize: z.string(),
    allocatedStorageGiB: z.int().min(20),
    backupRetentionDays: z.int().min(1).max(35),
    deletionProtection: z.boolean(),
  }),
  cache: z.object({ nodeType: z.string(), replicas: z.int().min(1) }),
  web: z.object({ task: taskSizeSchema, scaling: scalingSchema }),
  api: z.object({ task: taskSizeSchema, scaling: scalingSchema, requestsPerTarget: z.int().positive() }),
  /** Two: one active, one hot standby (the app elects the leader); zero while bootstrapping. */
  worker: z.object({ task: taskSizeSchema, count: z.int().min(0).max(2) }),
  gpu: z.object({
    instanceType: z.string(),
    min: z.int().min(0),
    max: z.int().min(1),
    /** Model the far-nodes of this environment serve (a GGUF file under the model prefix of the builds bucket). */
    modelFile: z.string().min(1),
    modelId: z.string().min(1),
  }),
  /** Requests per 5 minutes one client IP may send before WAF blocks it. */
  wafRateLimitPer5Min: z.int().min(100),
  logRetentionDays: z.int().positive(),
  chain: z.object({ id: z.int().positive(), rpcUrl: z.url() }),
});

export type FarEnvironment = z.infer<typeof farEnvironmentSchema>;

const sharedGpu = { modelFile: 'models/far-demo.gguf', modelId: 'far-demo' };

/** The two environments the app synthesizes; `domainName` and chain are overridable by context. */
export const FAR_ENVIRONMENTS: Record<FarEnvironment['name'], FarEnvironment> = {
  staging: {
    name: 'staging',
    domainName: 'staging.farlabs.ai',
    vpcCidr: '10.1.0.0/16',
    azCount: 2,
    natGateways: 1,
    database: {
      instanceClass: 'r6g',
      instanceSize: 'large',
      allocatedStorageGiB: 50,
      backupRetentionDays: 7,
      deletionProtection: false,
    },
    cache: { nodeType: 'cache.t4g.medium', replicas: 1 },
    web: { task: { cpu: 512, memoryMiB: 1024 }, scaling: { min: 1, desired: 1, max: 4 } },
    api: {
      task: { cpu: 1024, memoryMiB: 2048 },
      scaling: { min: 2, desired: 2, max: 6 },
      requestsPerTarget: 1000,
    },
    worker: { task: { cpu: 512, memoryMiB: 1024 }, count: 2 },
    gpu: { instanceType: 'g5.xlarge', min: 0, max: 2, ...sharedGpu },
    wafRateLimitPer5Min: 2000,
    logRetentionDays: 30,
    chain: { id: 97, rpcUrl: 'https://data-seed-prebsc-1-s1.bnbchain.org:8545' },
  },
  production: {
    name: 'production',
    domainName: 'app.farlabs.ai',
    vpcCidr: '10.0.0.0/16',
    azCount: 3,
    natGateways: 2,
    database: {
      instanceClass: 'r6g',
      instanceSize: 'xlarge',
      allocatedStorageGiB: 100,
      backupRetentionDays: 14,
      deletionProtection: true,
    },
    cache: { nodeType: 'cache.r6g.xlarge', replicas: 1 },
    web: { task: { cpu: 2048, memoryMiB: 4096 }, scaling: { min: 2, desired: 4, max: 20 } },
    api: {
      task: { cpu: 2048, memoryMiB: 4096 },
      scaling: { min: 3, desired: 6, max: 30 },
      requestsPerTarget: 1000,
    },
    worker: { task: { cpu: 1024, memoryMiB: 2048 }, count: 2 },
    gpu: { instanceType: 'g5.2xlarge', min: 1, max: 16, ...sharedGpu },
    wafRateLimitPer5Min: 6000,
    logRetentionDays: 365,
    chain: { id: 56, rpcUrl: 'https://bsc-dataseed.bnbchain.org' },
  },
};

/**
 * The environment with every service at zero tasks: the first deploy creates the data layer and
 * the task definitions, the pipeline runs the migrations, then deploys again with the real counts
 * (infra/README.md, "Deploy to AWS"). Without it the first tasks would start on an empty database
 * and the circuit breaker would roll the whole stack back.
 *
 * @returns a copy with desired and minimum counts of web, api, worker and GPU nodes at 0.
 */
export function bootstrapEnvironment(env: FarEnvironment): FarEnvironment {
  return {
    ...env,
    web: { ...env.web, scaling: { ...env.web.scaling, min: 0, desired: 0 } },
    api: { ...env.api, scaling: { ...env.api.scaling, min: 0, desired: 0 } },
    worker: { ...env.worker, count: 0 },
    gpu: { ...env.gpu, min: 0 },
  };
}
