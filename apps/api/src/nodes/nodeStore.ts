import { type Db, gpuNodes, nodeOnlineIntervals, nodeSuspensions, users } from '@far/db';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { LiveNode } from './nodeRegistry.js';

/** A node's standing as the coordinator's records have it, shown on the node's status line. */
export type NodeStanding = { reliabilityScore: number; tasksCompleted: number; earningsWei: bigint };

export type RegisterNodeResult =
  | ({ ok: true } & NodeStanding)
  | { ok: false; reason: 'node_id_taken' }
  | ({ ok: false; reason: 'suspended' } & (
      | { suspendedBy: 'operator' }
      /** Suspended by the system for failed proof-of-serving checks; `auditFindings` is its recorded (generated) reason. */
      | { suspendedBy: 'audits'; auditFindings: string }
    ));

/** Where the gateway persists nodes (the `gpu_nodes` table); an interface so tests can observe it. */
export interface NodeStore {
  /**
   * Creates or refreshes the node's row (status online), creating its owner's user row if needed,
   * and opens its online interval (the heartbeat history uptime is computed from).
   */
  registerNode(node: LiveNode, at: Date): Promise<RegisterNodeResult>;
  /** Refreshes `last_seen` and the open online interval's last heartbeat; returns the node's standing. */
  touch(nodeId: string, at: Date): Promise<NodeStanding | undefined>;
  /**
   * Sets status offline, unless an operator suspended the node (that status outlives connections),
   * and closes its online interval.
   */
  markOffline(nodeId: string, at: Date): Promise<void>;
  saveScore(nodeId: string, score: number): Promise<void>;
  /** Marks the node suspended: it is refused on every join until an operator changes the status. */
  suspend(nodeId: string): Promise<boolean>;
}

const toStanding = (row: { reliabilityScore: number; tasksCompleted: number; totalEarnedWei: bigint }) => ({
  reliabilityScore: Number(row.reliabilityScore),
  tasksCompleted: row.tasksCompleted,
  earningsWei: row.totalEarnedWei,
});

/**
 * The `NodeStore` over the system-of-record database.
 *
 * @param db - a Drizzle database from `@far/db`.
 * @example
 * const store = createDbNodeStore(db);
 * await store.registerNode(node, new Date());
 */
export function createDbNodeStore(db: Db): NodeStore {
  return {
    async registerNode(node, at) {
      return db.transaction(async (tx) => {
        await tx.insert(users).values({ walletAddress: node.owner }).onConflictDoNothing({
          target: users.walletAddress,
        });
        const [existing] = await tx
          .select({ ownerAddress: gpuNodes.ownerAddress, status: gpuNodes.status })
          .from(gpuNodes)
          .where(eq(gpuNodes.nodeId, node.nodeId))
          .for('update');
        // A node id belongs to the wallet that first registered it; another wallet cannot take it over.
        if (existing && existing.ownerAddress.toLowerCase() !== node.owner)
          return { ok: false, reason: 'node_id_taken' };
        if (existing?.status === 'suspended') {
          const [open] = await tx
            .select({ actor: nodeSuspensions.actor, reason: nodeSuspensions.reason })
            .from(nodeSuspensions)
            .where(and(eq(nodeSuspensions.nodeId, node.nodeId), isNull(nodeSuspensions.liftedAt)));
          // `system` suspends only for failed proof-of-serving checks (strikeOrPass); a row-less
          // suspension is the gateway's own operator path.
          return open?.actor === 'system'
            ? { ok: false, reason: 'suspended', suspendedBy: 'audits', auditFindings: open.reason }
            : { ok: false, reason: 'suspended', suspendedBy: 'operator' };
        }
        const values = {
          gpuModel: node.gpu.name.slice(0, 100),
          vramGb: Math.round(node.gpu.vramGb),
          models: node.models.map((m) => m.id),
          engine: node.engine,
          maxConcurrency: node.maxConcurrency,
          status: 'online' as const,
          lastSeen: at,
        };
        const [row] = await tx
          .insert(gpuNodes)
          .values({ nodeId: node.nodeId, ownerAddress: node.owner, ...values })
          .onConflictDoUpdate({ target: gpuNodes.nodeId, set: values })
          .returning({
            reliabilityScore: gpuNodes.reliabilityScore,
            tasksCompleted: gpuNodes.tasksCompleted,
            totalEarnedWei: gpuNodes.totalEarnedWei,
          });
        if (!row) throw new Error(`gpu_nodes upsert of ${node.nodeId} returned no row`);
        // An interval still open belongs to a connection whose coordinator never saw it close (a
        // crash): it ends at its last recorded heartbeat, not now, so the gap is not counted.
        await tx
          .update(nodeOnlineIntervals)
          .set({ endedAt: sql`${nodeOnlineIntervals.lastHeartbeatAt}` })
          .where(and(eq(nodeOnlineIntervals.nodeId, node.nodeId), isNull(nodeOnlineIntervals.endedAt)));
        await tx
          .insert(nodeOnlineIntervals)
          .values({ nodeId: node.nodeId, startedAt: at, lastHeartbeatAt: at });
        return { ok: true, ...toStanding(row) };
      });
    },
    async touch(nodeId, at) {
      await db
        .update(nodeOnlineIntervals)
        .set({ lastHeartbeatAt: at })
        .where(and(eq(nodeOnlineIntervals.nodeId, nodeId), isNull(nodeOnlineIntervals.endedAt)));
      const [row] = await db
        .update(gpuNodes)
        .set({ lastSeen: at })
        .where(eq(gpuNodes.nodeId, nodeId))
        .returning({
          reliabilityScore: gpuNodes.reliabilityScore,
          tasksCompleted: gpuNodes.tasksCompleted,
          totalEarnedWei: gpuNodes.totalEarnedWei,
        });
      return row ? toStanding(row) : undefined;
    },
    async markOffline(nodeId, at) {
      await db
        .update(gpuNodes)
        .set({ status: 'offline', lastSeen: at })
        .where(and(eq(gpuNodes.nodeId, nodeId), ne(gpuNodes.status, 'suspended')));
      await db
        .update(nodeOnlineIntervals)
        .set({ lastHeartbeatAt: at, endedAt: at })
        .where(and(eq(nodeOnlineIntervals.nodeId, nodeId), isNull(nodeOnlineIntervals.endedAt)));
    },
    async suspend(nodeId) {
      const rows = await db
        .update(gpuNodes)
        .set({ status: 'suspended' })
        .where(eq(gpuNodes.nodeId, nodeId))
        .returning({ nodeId: gpuNodes.nodeId });
      return rows.length > 0;
    },
    async saveScore(nodeId, score) {
      await db
        .update(gpuNodes)
        .set({ reliabilityScore: Math.round(score * 100) / 100 })
        .where(eq(gpuNodes.nodeId, nodeId));
    },
  };
}
