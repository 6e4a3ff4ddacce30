import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentsSchema } from '@far/contracts';
import { ConfigError } from './parseConfig.js';

/**
 * A deployment hands the contracts' addresses over as JSON in `DEPLOYMENTS_JSON` (the AWS stack
 * reads it from an SSM parameter the contracts-deploy workflow writes); the API reads a file. This
 * checks the JSON against the deployments schema and writes it to a file of its own.
 *
 * @param env - the environment (after `resolveEnvironment`).
 * @returns the environment with `DEPLOYMENTS_FILE` pointing at the written file; unchanged when
 *   `DEPLOYMENTS_JSON` is unset or `DEPLOYMENTS_FILE` is already given.
 * @throws ConfigError when the JSON is not a valid deployments file.
 */
export function writeDeploymentsJson(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const json = env.DEPLOYMENTS_JSON;
  if (!json || env.DEPLOYMENTS_FILE) return env;
  let parsed: ReturnType<typeof deploymentsSchema.parse>;
  try {
    parsed = deploymentsSchema.parse(JSON.parse(json));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError([`DEPLOYMENTS_JSON: not a deployments file (${reason})`]);
  }
  const path = join(tmpdir(), `far-deployments-${parsed.chainId}-${process.pid}.json`);
  writeFileSync(path, json, { mode: 0o600 });
  return { ...env, DEPLOYMENTS_FILE: path };
}
