import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

/**
 * Every stack of a cloud assembly, the stages' nested assemblies included.
 *
 * @returns the stacks in assembly order, each with its template and path.
 */
export function listStackTemplates(assembly: CloudAssembly): CloudFormationStackArtifact[] {
  return [
    ...assembly.stacks,
    ...assembly.nestedAssemblies.flatMap((nested) => listStackTemplates(nested.nestedAssembly)),
  ];
}
