import { type Deployments, type DeploymentsInput, deploymentsSchema } from './deploymentsSchema.js';

/**
 * Validates and writes a deployments JSON file atomically (temp file + rename), creating folders.
 *
 * @param path Target file.
 * @param deployments The content; validated with `deploymentsSchema` first.
 * @returns The parsed (checksummed) content written.
 */
export async function writeDeployments(path: string, deployments: DeploymentsInput): Promise<Deployments> {
  const parsed = deploymentsSchema.parse(deployments);
  // Loaded lazily so the package index stays importable from browser bundles (the web app imports ABIs).
  const { mkdir, rename, writeFile } = await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ 'node:fs/promises'
  );
  const { dirname } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'node:path');
  await mkdir(dirname(path), { recursive: true });
  // A reader (the API) may poll the file while `npm start` rewrites it; never let it see half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(parsed, null, 2)}\n`);
  await rename(temporary, path);
  return parsed;
}
