import { devAccount } from '@far/contracts';
import { privateKeyToAccount } from 'viem/accounts';

/** What `checkProductionConfig` looks at: the settings as parsed, before defaults are derived. */
export type ProductionSettings = {
  DATABASE_URL?: string | undefined;
  REDIS_URL?: string | undefined;
  JWT_SECRET?: string | undefined;
  OPERATOR_TOKEN?: string | undefined;
  DEPLOYMENTS_FILE?: string | undefined;
  PUBLIC_URL?: string | undefined;
  COORDINATOR_PRIVATE_KEY?: string | undefined;
  PRICE_KEEPER_PRIVATE_KEY?: string | undefined;
};

// Hardhat's mnemonic derives the same keys for everyone; its first accounts are the ones people paste.
const DEV_ACCOUNTS_CHECKED = 20;

/**
 * The settings a production process must not start without, or with a development value: a
 * production API on PGlite, without Redis (replicas could not share nodes, rate limits or
 * sockets), with a JWT secret kept in a local file, with /metrics open to loopback only, reading
 * deployments from the repository's `.far/` folder, or settling or keeping the price with a public Hardhat key would
 * each work on one machine and fail (or be robbed) in a deployment.
 *
 * @param settings - the parsed settings, before defaults are derived.
 * @returns one line per problem, naming the setting; empty when the settings are fit for production.
 * @example
 * const problems = checkProductionConfig(parsed); // ['DATABASE_URL: required when NODE_ENV=production']
 */
export function checkProductionConfig(settings: ProductionSettings): string[] {
  const problems: string[] = [];
  const required = [
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'OPERATOR_TOKEN',
    'DEPLOYMENTS_FILE',
    'PUBLIC_URL',
  ] as const;
  for (const name of required) {
    if (!settings[name]) problems.push(`${name}: required when NODE_ENV=production`);
  }
  const key = settings.COORDINATOR_PRIVATE_KEY;
  if (key && isDevKey(key as `0x${string}`)) {
    problems.push(
      'COORDINATOR_PRIVATE_KEY: is a public Hardhat development key; anyone could settle as the coordinator',
    );
  }
  const keeperKey = settings.PRICE_KEEPER_PRIVATE_KEY;
  if (keeperKey && isDevKey(keeperKey as `0x${string}`)) {
    problems.push(
      'PRICE_KEEPER_PRIVATE_KEY: is a public Hardhat development key; anyone could set the FAR/USD price',
    );
  }
  for (const name of ['JWT_SECRET', 'OPERATOR_TOKEN'] as const) {
    const value = settings[name];
    if (value && new Set(value).size < 8) problems.push(`${name}: too little variety to be a real secret`);
  }
  return problems;
}

function isDevKey(key: `0x${string}`): boolean {
  const address = privateKeyToAccount(key).address;
  for (let index = 0; index < DEV_ACCOUNTS_CHECKED; index++) {
    if (devAccount(index).address === address) return true;
  }
  return false;
}
