import { type Db, gpuNodes, users } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';

/** Who gets paid for a node: its gpu_nodes row (ledger account), its owner's wallet and user. */
export type PayableNode = { id: string; owner: string; ownerUserId: string | undefined };

/** Nodes remembered per database; the least recently used are forgotten beyond this. */
const CACHE_LIMIT = 10_000;

// A node id belongs for good to the wallet that first registered it, rows are never deleted, and a
// users row never changes its id: a node found once can be remembered for the process's life.
const caches = new WeakMap<Db, LRUCache<string, PayableNode>>();

/**
 * Looks nodes up by their protocol node id: gpu_nodes.id (their ledger account), the owner wallet
 * (payout address) and the owner's users.id (their revenue rows). Each node costs one query the
 * first time this process asks, none after; unknown ids are asked again next time.
 *
 * @param db - the root database handle (the cache is per handle).
 * @param nodeIds - protocol node ids.
 * @returns the nodes found, by node id.
 * @example
 * const nodes = await findPayableNodes(db, [stream.nodeId]);
 * const gpuNodeId = nodes.get(stream.nodeId)?.id;
 */
export async function findPayableNodes(db: Db, nodeIds: Iterable<string>): Promise<Map<string, PayableNode>> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache({ max: CACHE_LIMIT });
    caches.set(db, cache);
  }
  const found = new Map<string, PayableNode>();
  const missing: string[] = [];
  for (const nodeId of new Set(nodeIds)) {
    const known = cache.get(nodeId);
    if (known) found.set(nodeId, known);
    else missing.push(nodeId);
  }
  if (missing.length === 0) return found;
  const rows = await db
    .select({ nodeId: gpuNodes.nodeId, id: gpuNodes.id, owner: gpuNodes.ownerAddress, ownerUserId: users.id })
    .from(gpuNodes)
    .leftJoin(users, eq(users.walletAddress, gpuNodes.ownerAddress))
    .where(inArray(gpuNodes.nodeId, missing));
  for (const row of rows) {
    const node = { id: row.id, owner: row.owner, ownerUserId: row.ownerUserId ?? undefined };
    found.set(row.nodeId, node);
    // An owner without a users row yet is looked up again next time.
    if (node.ownerUserId !== undefined) cache.set(row.nodeId, node);
  }
  return found;
}
