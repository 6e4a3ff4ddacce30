import { type Db, gpuNodes, ledgerAccounts } from '@far/db';
import { and, asc, eq, gt } from 'drizzle-orm';

/** One node's earnings account with something in it. */
export type NodeEarnings = { nodeId: string; balanceWei: bigint };

/**
 * The ledger earnings of the nodes paid to one owner address that hold anything, oldest node first
 * (the order in which a withdrawal on chain is matched against them).
 *
 * @param executor - a database or an open transaction.
 * @param ownerAddress - the payout address, any case.
 * @returns the nodes and their earnings balances.
 * @example
 * const earnings = await listNodeEarningsOfOwner(tx, '0xabc…');
 */
export async function listNodeEarningsOfOwner(executor: Db, ownerAddress: string): Promise<NodeEarnings[]> {
  return executor
    .select({ nodeId: gpuNodes.id, balanceWei: ledgerAccounts.balanceWei })
    .from(gpuNodes)
    .innerJoin(
      ledgerAccounts,
      and(eq(ledgerAccounts.nodeId, gpuNodes.id), eq(ledgerAccounts.kind, 'node_earnings')),
    )
    .where(and(eq(gpuNodes.ownerAddress, ownerAddress.toLowerCase()), gt(ledgerAccounts.balanceWei, 0n)))
    .orderBy(asc(gpuNodes.createdAt), asc(gpuNodes.id));
}
