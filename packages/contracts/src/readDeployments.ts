import { type Deployments, deploymentsSchema } from './deploymentsSchema.js';
import { ContractsError } from './errors/ContractsError.js';

/**
 * Reads and validates a deployments JSON file.
 *
 * @param path File path, e.g. `.far/deployments/31337.json`.
 * @returns The parsed deployments (checksummed addresses).
 * @throws {ContractsError} DEPLOYMENTS_NOT_FOUND when the file is missing, INVALID_DEPLOYMENTS when it does not parse.
 * @example
 * const { contracts } = await readDeployments('.far/deployments/31337.json')
 */
export async function readDeployments(path: string): Promise<Deployments> {
  // Loaded lazily so the package index stays importable from browser bundles (the web app imports ABIs).
  const { readFile } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ContractsError('DEPLOYMENTS_NOT_FOUND', `no deployments file at ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContractsError('INVALID_DEPLOYMENTS', `${path} is not JSON`, { cause: error });
  }
  const parsed = deploymentsSchema.safeParse(json);
  if (!parsed.success) {
    throw new ContractsError('INVALID_DEPLOYMENTS', `${path} does not match the deployments schema`, {
      cause: parsed.error,
      details: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    });
  }
  return parsed.data;
}
