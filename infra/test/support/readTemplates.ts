import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { listStackTemplates } from '../../src/listStackTemplates.js';

/** Where test/globalSetup.ts writes the cloud assembly. */
export const TEST_ASSEMBLY_DIR = fileURLToPath(new URL('../../dist/test-cdk.out', import.meta.url));

/** A CloudFormation template as parsed JSON. */
export type TemplateJson = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: unknown }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
};

/**
 * The synthesized stacks by name (`FarRegistry`, `Staging-Far`, `Production-Far`).
 *
 * @returns each stack's assertions `Template` and its raw JSON.
 */
export function readTemplates() {
  const assembly = new CloudAssembly(TEST_ASSEMBLY_DIR);
  return new Map(
    listStackTemplates(assembly).map((stack) => {
      const json = JSON.parse(readFileSync(stack.templateFullPath, 'utf8')) as TemplateJson;
      return [stack.stackName, { template: Template.fromJSON(json), json }] as const;
    }),
  );
}

/** The two environment stacks. */
export const ENVIRONMENT_STACKS = ['Staging-Far', 'Production-Far'] as const;

/**
 * Resources of one type in a template.
 *
 * @returns `[logicalId, properties]` pairs.
 */
export function resourcesOf(json: TemplateJson, type: string) {
  return Object.entries(json.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}] as const);
}
