import type { Redis } from 'ioredis';
import type { PublicClient } from 'viem';
import type { ReadinessCheck } from './healthRoutes.js';

/**
 * What `/ready` checks: the database answers, the chain is the configured one, Redis (when used)
 * answers.
 *
 * @example
 * const readiness = createReadinessChecks({ ping: database.ping, chain, chainId: 31337, redis });
 */
export function createReadinessChecks(options: {
  ping: () => Promise<unknown>;
  chain: PublicClient;
  chainId: number;
  redis?: Redis | undefined;
}): Record<string, ReadinessCheck> {
  const { chain, chainId, redis } = options;
  const readiness: Record<string, ReadinessCheck> = {
    database: () => options.ping(),
    chain: async () => {
      const id = await chain.getChainId();
      if (id !== chainId) throw new Error(`chain id ${id}, expected ${chainId}`);
    },
  };
  if (redis) readiness.redis = () => redis.ping();
  return readiness;
}
