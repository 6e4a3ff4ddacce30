import { App, Stage, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import { bootstrapEnvironment, FAR_ENVIRONMENTS, type FarEnvironment } from './FarEnvironment.js';
import { FarStack } from './FarStack.js';
import { FarRegistryStack } from './registry/FarRegistryStack.js';

/** Context keys an operator may set (`cdk deploy -c key=value` or cdk.json); all optional. */
const contextSchema = z.object({
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .default('us-east-1'),
  /** Comma-separated zone names when the region's first three are not `<region>a,b,c`. */
  availabilityZones: z.string().optional(),
  stagingDomain: z.string().min(1).optional(),
  productionDomain: z.string().min(1).optional(),
  /** `true` on an environment's first deploy: every service at zero tasks until migrations ran. */
  bootstrap: z.enum(['true', 'false']).default('false'),
});

export type FarAppOptions = { outdir?: string; context?: Record<string, string> };

/**
 * The whole deployment: the shared image registry and one stage per environment, each checked by
 * cdk-nag's AwsSolutions rules (a finding without a written justification fails synthesis).
 *
 * @param options - where to write the cloud assembly and context overrides (tests pass both).
 * @returns the app; call `app.synth()` for the templates.
 * @example
 * const assembly = createFarApp({ outdir: 'dist/cdk.out' }).synth();
 */
export function createFarApp(options: FarAppOptions = {}) {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const read = (key: string) => app.node.tryGetContext(key) as unknown;
  const context = contextSchema.parse({
    account: read('account'),
    region: read('region'),
    availabilityZones: read('availabilityZones'),
    stagingDomain: read('stagingDomain'),
    productionDomain: read('productionDomain'),
    bootstrap: read('bootstrap'),
  });
  const awsEnv = { region: context.region, ...(context.account ? { account: context.account } : {}) };
  const availabilityZones = context.availabilityZones?.split(',').map((zone) => zone.trim()) ?? [
    `${context.region}a`,
    `${context.region}b`,
    `${context.region}c`,
  ];
  new FarRegistryStack(app, 'FarRegistry', { env: awsEnv, description: 'Far Labs image repositories (ECR)' });
  const domains = { staging: context.stagingDomain, production: context.productionDomain };
  for (const base of Object.values(FAR_ENVIRONMENTS)) {
    const configured: FarEnvironment = { ...base, domainName: domains[base.name] ?? base.domainName };
    const farEnv = context.bootstrap === 'true' ? bootstrapEnvironment(configured) : configured;
    const stage = new Stage(app, stageName(farEnv), { env: awsEnv });
    new FarStack(stage, 'Far', {
      farEnv,
      availabilityZones,
      description: `Far Labs ${farEnv.name}: seed §3 deployment (network, data, edge, roles, alarms)`,
    });
    Tags.of(stage).add('far:environment', farEnv.name);
  }
  Tags.of(app).add('far:project', 'far-labs');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/**
 * The stage of an environment; its stack is `<Stage>-Far` in CloudFormation.
 *
 * @returns `Staging` or `Production`.
 */
export function stageName(env: Pick<FarEnvironment, 'name'>) {
  return env.name === 'staging' ? 'Staging' : 'Production';
}
