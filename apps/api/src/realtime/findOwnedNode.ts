import { type Db, gpuNodes } from '@far/db';
import { and, eq } from 'drizzle-orm';

/**
 * Loads a node's status if, and only if, `ownerAddress` owns it: the ownership check of
 * `subscribe:node`, so nobody watches another owner's node. Another owner's node and a missing
 * node look the same.
 *
 * @param db - the database.
 * @param params - the node id (`gpu_nodes.node_id`) and the caller's wallet, in any case.
 * @returns the status fields sent as `node:status`, or undefined.
 * @example
 * const node = await findOwnedNode(db, { nodeId, ownerAddress: caller.walletAddress });
 */
export async function findOwnedNode(db: Db, params: { nodeId: string; ownerAddress: string }) {
  const [node] = await db
    .select({
      nodeId: gpuNodes.nodeId,
      status: gpuNodes.status,
      gpuModel: gpuNodes.gpuModel,
      vramGb: gpuNodes.vramGb,
      models: gpuNodes.models,
      engine: gpuNodes.engine,
      maxConcurrency: gpuNodes.maxConcurrency,
      reliabilityScore: gpuNodes.reliabilityScore,
      uptimePercentage: gpuNodes.uptimePercentage,
      tasksCompleted: gpuNodes.tasksCompleted,
      totalEarnedWei: gpuNodes.totalEarnedWei,
      lastSeen: gpuNodes.lastSeen,
    })
    .from(gpuNodes)
    .where(
      and(eq(gpuNodes.nodeId, params.nodeId), eq(gpuNodes.ownerAddress, params.ownerAddress.toLowerCase())),
    );
  return node;
}

export type OwnedNode = NonNullable<Awaited<ReturnType<typeof findOwnedNode>>>;
