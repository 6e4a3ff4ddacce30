import { ConfigError } from '../config/parseConfig.js';

/**
 * What one `far-api` process does. `all` (the default, what `npm start` and development use): HTTP,
 * realtime, node gateway and the background work in one process. A deployment runs `api` replicas
 * (HTTP, realtime, node gateway), `worker`s (one leads: indexer, settlement, services' background
 * work) and a one-off `migrate`.
 */
export const farRoles = ['all', 'api', 'worker', 'migrate'] as const;
export type FarRole = (typeof farRoles)[number];

/**
 * Reads the role from the command line's first argument, else `FAR_ROLE`, else `all`.
 *
 * @returns the role.
 * @throws ConfigError naming the unknown role and the known ones.
 */
export function readFarRole(argv: readonly string[], env: Record<string, string | undefined>): FarRole {
  const given = argv[0] ?? env.FAR_ROLE ?? 'all';
  const role = farRoles.find((known) => known === given);
  if (!role) throw new ConfigError([`role: "${given}" is not one of ${farRoles.join(', ')}`]);
  return role;
}
