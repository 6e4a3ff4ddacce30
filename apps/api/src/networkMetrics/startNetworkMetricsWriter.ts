import { type Db, networkMetrics } from '@far/db';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import type { Logger } from '../observability/createLogger.js';
import { bucketStartOf } from './networkMetricsRetention.js';
import { rollUpNetworkMetrics } from './rollUpNetworkMetrics.js';
import { sampleNetworkMetrics } from './sampleNetworkMetrics.js';

const SAMPLE_PERIOD_MS = 60_000;

/**
 * Writes the network metrics series: a sample every minute (the first at once), then the
 * downsampling and pruning pass. Replicas may all run it: a minute's row is written by the first
 * one and the others' are dropped.
 *
 * @param deps - database, live registry, the scheduler's queue depth, logger.
 * @returns stops the writer and waits for a write in progress.
 * @example
 * const stop = startNetworkMetricsWriter({ db, registry, queued: () => gateway.scheduler.queued(), logger });
 */
export function startNetworkMetricsWriter(deps: {
  db: Db;
  registry: NodeRegistry;
  queued: () => number;
  logger: Logger;
}): () => Promise<void> {
  let running: Promise<void> | undefined;
  const writeOnce = async (): Promise<void> => {
    const now = Date.now();
    const metrics = await sampleNetworkMetrics(deps, now, SAMPLE_PERIOD_MS);
    await deps.db
      .insert(networkMetrics)
      .values({
        resolution: 'minute',
        bucketStart: new Date(bucketStartOf(now, 'minute')),
        samples: 1,
        metrics,
      })
      .onConflictDoNothing();
    await rollUpNetworkMetrics(deps.db, now);
  };
  const tick = (): void => {
    if (running) return;
    running = writeOnce()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'network metrics sample failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, SAMPLE_PERIOD_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
