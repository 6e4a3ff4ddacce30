import { gpuNodes } from '@far/db';
import { eq } from 'drizzle-orm';
import type { Bus } from '../../src/bus/Bus.js';
import type { Logger } from '../../src/observability/createLogger.js';
import { createChatRateLimits } from '../../src/services/fartwin/createChatRateLimits.js';
import { fartwinRoutes } from '../../src/services/fartwin/fartwinRoutes.js';
import { twinChatProvider } from '../../src/services/fartwin/startTwinChat.js';
import { createChatModelRegistry } from '../../src/services/inference/ChatModelRegistry.js';
import { inferenceRoutes } from '../../src/services/inference/inferenceRoutes.js';
import { createLedgerTestNode } from './createLedgerTestParties.js';
import { createTestApp } from './createTestApp.js';
import { scriptedTwinNode } from './scriptedTwinNode.js';

/**
 * A test API serving FarTwin's routes and `/v1/chat/completions` with `twin:<handle>` models, whose
 * one GPU node (a ledger node row) answers every task with `answer`.
 *
 * @param options - the FAR/USD price (8 decimals), the scripted answer, logger and bus.
 * @returns the test app and its scripted node.
 * @example
 * const { t, node } = await createTwinChatTestApp({ price: 10_000_000n, answer: ['Hi'], logger, bus });
 */
export async function createTwinChatTestApp(options: {
  price: bigint;
  answer: string[];
  logger: Logger;
  bus: Bus;
}) {
  const { logger, bus } = options;
  let node: ReturnType<typeof scriptedTwinNode> | undefined;
  const t = await createTestApp({}, (db) => {
    const chatModels = createChatModelRegistry();
    chatModels.register(
      twinChatProvider({
        db,
        logger,
        rateLimits: createChatRateLimits({ perUserPerMinute: 100, perTwinPerMinute: 100 }),
      }),
    );
    return (app, { requireCaller }) => {
      const deps = {
        db,
        dispatch: (r: Parameters<ReturnType<typeof scriptedTwinNode>['dispatch']>[0]) => {
          if (!node) throw new Error('the scripted node is not ready');
          return node.dispatch(r);
        },
        nodeScore: () => 80,
        farUsdPrice: async () => options.price,
        logger,
      };
      app.route('/', inferenceRoutes({ deps, requireCaller, chatModels }));
      app.route('/', fartwinRoutes({ db, bus, logger }, requireCaller));
    };
  });
  const nodeId = await createLedgerTestNode(t.db);
  const [row] = await t.db.select().from(gpuNodes).where(eq(gpuNodes.id, nodeId));
  node = scriptedTwinNode(
    { nodeId: row?.nodeId ?? '', owner: (row?.ownerAddress ?? '0x') as `0x${string}` },
    options.answer,
  );
  return { t, node };
}
