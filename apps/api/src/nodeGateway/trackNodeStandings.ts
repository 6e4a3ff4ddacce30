import type { Db } from '@far/db';
import type { NodeStandingInputs } from '../scores/nodeScoreTarget.js';
import { readNodeStandings } from '../scores/readNodeStandings.js';
import type { GatewayContext } from './gatewayContext.js';

/** Until its first read, a node counts as fully up and never failed an audit. */
const UNREAD_STANDING: NodeStandingInputs = { uptime: 1, auditPassRate: 1 };

export type NodeStandingTracker = {
  /** The node's last read standing; a node not read yet triggers a read and counts as {@link UNREAD_STANDING}. */
  standing(nodeId: string): NodeStandingInputs;
  stop(): void;
};

/**
 * Keeps the standing (uptime, audit pass rate) of this gateway's connected nodes, and of other
 * replicas' nodes it dispatched to, in memory, read from the database every `intervalMs` and at once
 * for a node asked about for the first time, so scoring a task never waits on a query.
 *
 * @param ctx - the gateway (its connected nodes).
 * @param db - the database holding the heartbeat history and audits.
 * @param intervalMs - how often to read again.
 * @returns the tracker.
 */
export function trackNodeStandings(ctx: GatewayContext, db: Db, intervalMs: number): NodeStandingTracker {
  const standings = new Map<string, NodeStandingInputs>();
  // Nodes asked about that this gateway does not hold (another replica's, through the cluster).
  const asked = new Set<string>();
  let reading: Promise<void> | undefined;
  let again = false;

  const refresh = (): void => {
    if (reading) {
      again = true;
      return;
    }
    for (const nodeId of asked) if (!ctx.registry.get(nodeId)) asked.delete(nodeId);
    const nodeIds = [...new Set([...ctx.byNodeId.keys(), ...asked])];
    const isLive = (nodeId: string) => ctx.registry.get(nodeId) !== undefined;
    const read = readNodeStandings(db, { nodeIds, now: Date.now(), isLive })
      .then((fresh) => {
        standings.clear();
        for (const [nodeId, standing] of fresh) standings.set(nodeId, standing);
      })
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'node standings could not be read'));
    reading = read;
    // close() waits for it, so no read outlives the database.
    ctx.pending.add(read);
    void read.finally(() => {
      ctx.pending.delete(read);
      reading = undefined;
      if (again) {
        again = false;
        refresh();
      }
    });
  };

  const timer = setInterval(refresh, intervalMs);
  timer.unref();
  return {
    standing(nodeId) {
      const known = standings.get(nodeId);
      if (known) return known;
      if (!ctx.byNodeId.has(nodeId)) asked.add(nodeId);
      refresh();
      return UNREAD_STANDING;
    },
    stop: () => clearInterval(timer),
  };
}
