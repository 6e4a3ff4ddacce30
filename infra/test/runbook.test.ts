import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeWalletSecretName } from '../src/compute/FarGpuNodes.js';
import { deploymentsParameterName } from '../src/compute/roleSettings.js';
import { oracleKeySecretName, priceKeeperKeySecretName } from '../src/data/FarSecrets.js';
import { ENVIRONMENT_STACKS, readTemplates, resourcesOf } from './support/readTemplates.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rootReadme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('infra/README.md', () => {
  it('has the Deploy to AWS runbook, linked from the root README', () => {
    expect(readme).toMatch(/^## Deploy to AWS/m);
    expect(rootReadme).toContain('infra/README.md#deploy-to-aws-from-an-empty-account');
  });

  it('creates the secrets and parameter the stacks read by name', () => {
    // The runbook spells the staging names and says to repeat them for production.
    const staging = { name: 'staging' } as const;
    expect(readme).toContain(oracleKeySecretName(staging));
    expect(readme).toContain(nodeWalletSecretName(staging));
    expect(readme).toContain(priceKeeperKeySecretName(staging));
    expect(readme).toContain(deploymentsParameterName(staging));
    expect(readme).toContain('far/production/…');
  });

  it('lists every variable and secret the stacks give the containers', () => {
    const { json } = readTemplates().get(ENVIRONMENT_STACKS[1]) ?? expect.unreachable();
    const containers = resourcesOf(json, 'AWS::ECS::TaskDefinition').flatMap(
      ([, task]) =>
        task.ContainerDefinitions as { Environment?: { Name: string }[]; Secrets?: { Name: string }[] }[],
    );
    const names = new Set(
      containers.flatMap((c) => [...(c.Environment ?? []), ...(c.Secrets ?? [])].map((v) => v.Name)),
    );
    expect(names.size).toBeGreaterThan(20);
    for (const name of names) expect(readme, name).toContain(`\`${name}`);
  });
});
