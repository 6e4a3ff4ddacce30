import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import type { NonceStore } from '../auth/nonceStore.js';
import type { AppEnv } from '../http/appEnv.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import type { LiveNodeSuspender } from '../nodes/suspendNode.js';

/** What the operator console's routes are built from. */
export type AdminRoutesOptions = {
  db: Db;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** Single-use nonces for fresh signatures (the sign-in nonce store). */
  nonces: NonceStore;
  /** The chain id fresh signatures are bound to. */
  chainId: number;
  /** The live GPU network (nodes online by model). */
  registry: NodeRegistry;
  /** Disconnects a suspended node at once; without it the node is refused on its next join. */
  liveSuspender?: LiveNodeSuspender | undefined;
  /** Runs a settlement round now (the batcher of this process); absent where another process settles. */
  settleNow?: (() => Promise<unknown>) | undefined;
  chain?: PublicClient | undefined;
  deployments?: Deployments | undefined;
  /** Blocks the indexer waits before applying a log (for the indexer lag). */
  indexerConfirmations?: number | undefined;
};
