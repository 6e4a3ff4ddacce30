import { splitRevenue } from '@far/contracts';
import type { Db } from '@far/db';
import { findPayableNodes, type PayableNode } from './findPayableNodes.js';

/** The score at which a node's payment adjustment is zero. */
export const NEUTRAL_SCORE = 80;

export type PayoutSplit = { node: bigint; stakers: bigint; treasury: bigint };

/** A charge no known node earned: stakers keep their 20 %, the treasury the rest. */
export function splitWithoutNode(amount: bigint): PayoutSplit {
  const stakers = (amount * 20n) / 100n;
  return { node: 0n, stakers, treasury: amount - stakers };
}

export type PayoutPart = {
  nodeId: string;
  tokens: number;
  /** gpu_nodes row of the node (its ledger account, payout wallet and owner); undefined if unknown. */
  node: PayableNode | undefined;
  /** This node's part of the charge, split 60/20/20 with its own performance adjustment. */
  amount: bigint;
  split: PayoutSplit;
};

/**
 * Shares one task's charge among the nodes that served it, in proportion to the tokens each
 * delivered (a task resumed after a failover has several). Each part is split with that node's own
 * score, so the node / stakers / treasury shares of every part add up to the part, and the parts
 * add up to the charge exactly: the last part takes the rounding remainder.
 *
 * @returns the parts in serving order and their summed split.
 */
export async function planPayouts(
  db: Db,
  params: {
    charge: bigint;
    segments: readonly { nodeId: string; tokens: number }[];
    score: (nodeId: string) => number;
  },
): Promise<{ parts: PayoutPart[]; total: PayoutSplit }> {
  const segments = params.segments.filter((s) => s.tokens > 0);
  const total: PayoutSplit = { node: 0n, stakers: 0n, treasury: 0n };
  if (segments.length === 0 || params.charge === 0n) {
    return { parts: [], total: { ...total, treasury: params.charge } };
  }
  const byNodeId = await findPayableNodes(
    db,
    segments.map((s) => s.nodeId),
  );
  const tokens = BigInt(segments.reduce((sum, s) => sum + s.tokens, 0));
  let allocated = 0n;
  const parts = segments.map((segment, i) => {
    const amount =
      i === segments.length - 1
        ? params.charge - allocated
        : (params.charge * BigInt(segment.tokens)) / tokens;
    allocated += amount;
    const node = byNodeId.get(segment.nodeId);
    // A node without a row cannot be paid: its share stays with the treasury.
    const split = node ? splitRevenue(amount, params.score(segment.nodeId)) : splitWithoutNode(amount);
    total.node += split.node;
    total.stakers += split.stakers;
    total.treasury += split.treasury;
    return { nodeId: segment.nodeId, tokens: segment.tokens, node, amount, split };
  });
  return { parts, total };
}
