import { createGroupCommit } from '../../ledger/createGroupCommit.js';
import { hasEmbeddingNode } from '../../scheduler/hasEmbeddingNode.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { batchRoutes } from './batches/batchRoutes.js';
import { createBatchRunner } from './batches/createBatchRunner.js';
import { embeddingRoutes } from './embeddings/embeddingRoutes.js';
import { inferenceRoutes } from './inferenceRoutes.js';
import { recoverInterruptedTasks, TASK_STALE_AFTER_MS } from './recoverInterruptedTasks.js';
import { summarizeInferenceRevenue } from './summarizeInferenceRevenue.js';

/**
 * Far Inference as a service module: the OpenAI-compatible API over the GPU network, paid per
 * token from the ledger, and the sweep that closes tasks a dead replica left open.
 */
export const inferenceService: ServiceDefinition = {
  id: 'inference',
  name: 'Far Inference',
  summarizeRevenue: summarizeInferenceRevenue,
  create(core) {
    const { db, farUsdPrice, logger } = core;
    // Tasks a dead coordinator left open are closed at start and, for replicas that died while
    // this one runs, every few seconds after.
    const recover = () =>
      recoverInterruptedTasks({
        db,
        farUsdPrice,
        logger: logger.child({ part: 'recovery' }),
        chatModels: core.chatModels,
      }).catch((error: unknown) => logger.warn({ err: error }, 'task recovery failed; will retry'));
    let recovery: NodeJS.Timeout | undefined;
    // Settlements of tasks ending together share one transaction (issue 12: CPU per request).
    const groupCommit = createGroupCommit(db);
    const deps = {
      db,
      dispatch: core.nodes.dispatch,
      nodeScore: (nodeId: string) => core.nodes.registry.get(nodeId)?.score,
      farUsdPrice,
      publisher: core.bus,
      spendingAuthorization: core.spendingAuthorization,
      logger,
      metrics: core.metrics,
      groupCommit,
    };
    const embeddingDeps = {
      db,
      dispatchEmbedding: core.nodes.dispatchEmbedding,
      farUsdPrice,
      spendingAuthorization: core.spendingAuthorization,
      publisher: core.bus,
      logger,
      hasEmbeddingNode: (model: string) => hasEmbeddingNode(core.nodes.registry, model),
    };
    // The Batch API's worker: every process with background work runs one (claims keep them apart).
    const batchRunner = createBatchRunner({
      db,
      inference: deps,
      embeddings: embeddingDeps,
      registry: core.nodes.registry,
      queued: (model) => core.nodes.scheduler.queued(model),
      logger: logger.child({ part: 'batches' }),
      concurrency: core.config.BATCH_CONCURRENCY,
    });
    return {
      routes: ({ requireCaller }) => {
        const app = inferenceRoutes({ deps, requireCaller, chatModels: core.chatModels });
        app.route('/', embeddingRoutes({ deps: embeddingDeps, requireCaller }));
        return app.route(
          '/',
          batchRoutes({ db, discountBps: core.config.BATCH_DISCOUNT_BPS, requireCaller }),
        );
      },
      async start() {
        if (core.deployments) await recover();
        recovery = setInterval(recover, TASK_STALE_AFTER_MS);
        recovery.unref();
        if (core.config.BATCH_CONCURRENCY > 0) batchRunner.start();
      },
      async close() {
        clearInterval(recovery);
        await batchRunner.close();
        await groupCommit.drain();
      },
    };
  },
};
