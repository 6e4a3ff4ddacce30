import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { deploymentsParameterName } from '../src/compute/roleSettings.js';
import { stageName } from '../src/createFarApp.js';
import { FAR_ENVIRONMENTS } from '../src/FarEnvironment.js';
import { readTemplates } from './support/readTemplates.js';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));

const stepSchema = z.object({
  name: z.string(),
  run: z.string().optional(),
  uses: z.string().optional(),
  if: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
const jobSchema = z.object({
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  uses: z.string().optional(),
  with: z.record(z.string(), z.string()).optional(),
  environment: z.string().optional(),
  services: z.record(z.string(), z.object({ image: z.string() })).optional(),
  steps: z.array(stepSchema).optional(),
});
const workflowSchema = z.object({
  name: z.string(),
  on: z.record(z.string(), z.unknown()),
  jobs: z.record(z.string(), jobSchema),
});

function readWorkflow(file: string) {
  return workflowSchema.parse(parse(readFileSync(WORKFLOWS + file, 'utf8')));
}

/** Position of the first step whose name matches, failing the test when there is none. */
function stepIndex(steps: z.infer<typeof stepSchema>[], name: RegExp) {
  const index = steps.findIndex((step) => name.test(step.name));
  expect(index, `no step named like ${name}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** A GitHub Actions expression as it is written in a workflow file. */
const expression = (body: string) => `\${{ ${body} }}`;

const needsOf = (job: z.infer<typeof jobSchema>) => [job.needs ?? []].flat();

describe('CI workflow', () => {
  const ci = readWorkflow('ci.yml');
  const job = ci.jobs.ci ?? expect.unreachable();
  const steps = job.steps ?? [];

  it('tests against PostgreSQL and Redis services', () => {
    expect(Object.values(job.services ?? {}).map((s) => s.image.split(':')[0])).toEqual([
      'postgres',
      'redis',
    ]);
    const test = steps[stepIndex(steps, /^Test$/)];
    expect(test?.env).toMatchObject({
      DATABASE_URL: expect.stringMatching(/^postgres:\/\//),
      REDIS_URL: expect.stringMatching(/^redis:\/\//),
    });
  });

  it('installs, then lints, typechecks, checks rules and synthesizes before testing', () => {
    const order = [/^Install$/, /^Lint$/, /^Typecheck$/, /^Alert rules$/, /^Synthesize/, /^Test$/].map((n) =>
      stepIndex(steps, n),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(steps[stepIndex(steps, /^Alert rules$/)]?.run).toMatch(
      /promtool check rules[\s\S]*promtool test rules/,
    );
  });
});

describe('deploy workflow', () => {
  const deploy = readWorkflow('deploy.yml');

  it('runs after CI succeeds on main', () => {
    expect(deploy.on.workflow_run).toMatchObject({
      workflows: ['CI'],
      types: ['completed'],
      branches: ['main'],
    });
  });

  it('builds the images once, deploys staging, then production with the same tag', () => {
    const { images, staging, production } = deploy.jobs;
    expect(images?.steps?.map((s) => s.run ?? '').join('\n')).toMatch(
      /far\/api[\s\S]*far\/web[\s\S]*far\/far-node/,
    );
    expect(needsOf(staging ?? expect.unreachable())).toEqual(['images']);
    expect(needsOf(production ?? expect.unreachable())).toEqual(
      expect.arrayContaining(['images', 'staging']),
    );
    for (const [job, env] of [
      [staging, FAR_ENVIRONMENTS.staging],
      [production, FAR_ENVIRONMENTS.production],
    ] as const) {
      expect(job?.uses).toBe('./.github/workflows/deploy-environment.yml');
      expect(job?.with).toMatchObject({ environment: env.name, stage: stageName(env) });
      expect(job?.with?.['image-tag']).toBe(expression('needs.images.outputs.tag'));
    }
  });
});

describe('deploy-environment workflow', () => {
  const workflow = readWorkflow('deploy-environment.yml');
  const job = workflow.jobs.deploy ?? expect.unreachable();
  const steps = job.steps ?? [];

  it('waits for the GitHub environment (where production requires approval)', () => {
    expect(job.environment).toBe(expression('inputs.environment'));
  });

  it('uploads assets and migrates before deploying, then waits for stability and smoke-tests', () => {
    const order = [
      /^Read the stack outputs/,
      /static assets/,
      /migrations/,
      /^Deploy the stack/,
      /stable/,
      /^Smoke test/,
    ].map((n) => stepIndex(steps, n));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(steps[stepIndex(steps, /migrations/)]?.run).toMatch(/exitCode[\s\S]*exit 1/);
    expect(steps[stepIndex(steps, /^Smoke test/)]?.run).toMatch(/\/ready/);
  });

  it('creates a new stack with no tasks first, so nothing starts before the first migration', () => {
    const bootstrap = steps[stepIndex(steps, /first deploy only/)];
    expect(bootstrap?.if).toBe("steps.stack.outputs.exists == 'false'");
    expect(bootstrap?.run).toMatch(/-c bootstrap=true/);
    expect(stepIndex(steps, /first deploy only/)).toBeLessThan(stepIndex(steps, /migrations/));
  });

  it('passes every stack parameter to both cdk deploy commands', () => {
    const parameters = Object.keys(readTemplates().get('Staging-Far')?.json.Parameters ?? {}).filter(
      (name) => !name.startsWith('BootstrapVersion') && !name.startsWith('SsmParameterValue'),
    );
    expect(parameters).toEqual(expect.arrayContaining(['CertificateArn', 'ImageTag', 'PriceSourceUrl']));
    const deploys = steps.filter((s) => /cdk deploy/.test(s.run ?? ''));
    expect(deploys).toHaveLength(2);
    for (const step of deploys) {
      for (const name of parameters) expect(step.run, step.name).toContain(`--parameters "${name}=`);
    }
  });

  it('reads only outputs the stacks really have', () => {
    const used = new Set(
      steps.flatMap((s) => [...(s.run ?? '').matchAll(/\$([A-Z][A-Za-z]+)\b/g)].map((m) => m[1])),
    );
    const outputs = Object.keys(readTemplates().get('Staging-Far')?.json.Outputs ?? {});
    const fromOutputs = [...used].filter((name) => name && /[a-z]/.test(name));
    expect(fromOutputs.length).toBeGreaterThan(5);
    for (const name of fromOutputs) expect(outputs, name).toContain(name);
  });
});

describe('contracts-deploy workflow', () => {
  const workflow = readWorkflow('contracts-deploy.yml');
  const steps = workflow.jobs.deploy?.steps ?? [];

  it('only runs by hand', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
  });

  it("gives deployBsc every role address it requires, each from the environment's variable of that name", () => {
    const script = readFileSync(
      new URL('../../packages/contracts/scripts/deployBsc.ts', import.meta.url),
      'utf8',
    );
    const required = [...script.matchAll(/^ {4}([A-Z_]+_ADDRESS): address,$/gm)].map((m) => m[1] ?? '');
    expect(required).toEqual(expect.arrayContaining(['ADMIN_MULTISIG_ADDRESS', 'PRICE_KEEPER_ADDRESS']));
    const deploy = steps[stepIndex(steps, /^Deploy to BNB/)];
    for (const name of required) expect(deploy?.env?.[name], name).toBe(expression(`vars.${name}`));
  });

  it('deploys, then records the addresses where the tasks read them and in a pull request', () => {
    const order = [/^Compile/, /^Deploy to BNB/, /artifact/, /^Record the addresses/, /pull request/].map(
      (n) => stepIndex(steps, n),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const record = steps[stepIndex(steps, /^Record the addresses/)]?.run ?? '';
    expect(record).toContain(
      deploymentsParameterName({ name: expression('inputs.environment') as 'staging' }),
    );
  });
});
