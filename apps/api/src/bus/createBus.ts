import type { Bus, BusOptions } from './Bus.js';
import { createInProcessBus } from './createInProcessBus.js';
import { createRedisBus } from './createRedisBus.js';

/**
 * The bus for this process: Redis when a URL is configured (several replicas), otherwise
 * in-process (one process: tests and the local network in a box).
 *
 * @param redisUrl - redis:// URL, usually the parsed `REDIS_URL`.
 * @param options - `onError` for handler exceptions.
 * @returns the bus.
 * @example
 * const bus = await createBus(config.redisUrl);
 */
export async function createBus(redisUrl?: string, options: BusOptions = {}): Promise<Bus> {
  return redisUrl ? createRedisBus(redisUrl, options) : createInProcessBus(options);
}
