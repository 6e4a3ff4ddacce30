import {
  chargeWriteOffs,
  type Db,
  gpuNodes,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  users,
} from '@far/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Address, getAddress } from 'viem';

/** One captured charge the ledger holds but the chain has not settled yet. */
export type UnsettledCharge = {
  transactionId: string;
  createdAt: Date;
  userId: string;
  userAddress: Address;
  /** gpu_nodes.id and its owner's wallet (the payout address) when the node earned a share. */
  nodeId: string | null;
  nodeAddress: Address | null;
  node: bigint;
  stakers: bigint;
  treasury: bigint;
  /** node + stakers + treasury: what the user's escrow pays. */
  amount: bigint;
};

/** Ledger transaction kinds that charge a user (a capture, or a reservation settled at its cost). */
const chargeKinds = ['capture', 'settle_reservation'] as const;

/**
 * Reads the oldest captured charges not yet in a settlement batch, with who pays and who earns,
 * straight from the ledger entries (so the chain gets exactly the split the ledger booked).
 * Settlements that released everything and charged nothing are not charges and are skipped, and so
 * are charges written off.
 *
 * @param db - a database or an open transaction.
 * @param limit - at most this many charges (oldest first).
 * @returns the charges, oldest first.
 */
export async function collectUnsettledCharges(db: Db, limit: number): Promise<UnsettledCharge[]> {
  const candidates = await db
    .select({ id: ledgerTransactions.id, createdAt: ledgerTransactions.createdAt })
    .from(ledgerTransactions)
    .where(
      and(
        inArray(ledgerTransactions.kind, [...chargeKinds]),
        isNull(ledgerTransactions.settlementBatchId),
        sql`exists (select 1 from ${ledgerEntries} e join ${ledgerAccounts} a on a.id = e.account_id
          where e.transaction_id = ${ledgerTransactions.id} and a.kind in ('node_earnings', 'stakers_pool', 'treasury'))`,
        sql`not exists (select 1 from ${chargeWriteOffs} w where w.charge_transaction_id = ${ledgerTransactions.id})`,
      ),
    )
    .orderBy(asc(ledgerTransactions.createdAt), asc(ledgerTransactions.id))
    .limit(limit);
  if (candidates.length === 0) return [];

  const entries = await db
    .select({
      transactionId: ledgerEntries.transactionId,
      kind: ledgerAccounts.kind,
      userId: ledgerAccounts.userId,
      nodeId: ledgerAccounts.nodeId,
      amount: ledgerEntries.amountWei,
      userAddress: users.walletAddress,
      nodeAddress: gpuNodes.ownerAddress,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .leftJoin(users, eq(users.id, ledgerAccounts.userId))
    .leftJoin(gpuNodes, eq(gpuNodes.id, ledgerAccounts.nodeId))
    .where(
      inArray(
        ledgerEntries.transactionId,
        candidates.map((c) => c.id),
      ),
    );

  const charges = new Map<string, UnsettledCharge>();
  for (const candidate of candidates) {
    charges.set(candidate.id, {
      transactionId: candidate.id,
      createdAt: candidate.createdAt,
      userId: '',
      userAddress: '0x0000000000000000000000000000000000000000',
      nodeId: null,
      nodeAddress: null,
      node: 0n,
      stakers: 0n,
      treasury: 0n,
      amount: 0n,
    });
  }
  for (const entry of entries) {
    const charge = charges.get(entry.transactionId);
    if (charge === undefined) continue;
    if (entry.kind === 'user_reserved' && entry.userId !== null && entry.userAddress !== null) {
      charge.userId = entry.userId;
      charge.userAddress = getAddress(entry.userAddress);
    } else if (entry.kind === 'node_earnings') {
      charge.node += entry.amount;
      charge.nodeId = entry.nodeId;
      charge.nodeAddress = entry.nodeAddress === null ? null : getAddress(entry.nodeAddress);
    } else if (entry.kind === 'stakers_pool') charge.stakers += entry.amount;
    else if (entry.kind === 'treasury') charge.treasury += entry.amount;
  }
  const result: UnsettledCharge[] = [];
  for (const charge of charges.values()) {
    charge.amount = charge.node + charge.stakers + charge.treasury;
    if (charge.userId === '' || charge.amount <= 0n) continue;
    result.push(charge);
  }
  return result;
}
