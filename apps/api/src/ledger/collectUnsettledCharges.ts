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
import { smallerWei } from './smallerWei.js';

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
  /** The stakers' share of the inference price (the creator fee's stakers share is apart). */
  stakers: bigint;
  treasury: bigint;
  /** A creator fee's creator (a FarTwin twin's owner) and their wallet, when the charge paid one. */
  creatorUserId: string | null;
  creatorAddress: Address | null;
  creator: bigint;
  /**
   * Of the charge's stakers_pool entry, the part that is the creator fee's stakers share (booked
   * under the service's own revenue source on chain); recorded in the posting's metadata.
   */
  creatorFeeStakers: bigint;
  /** node + stakers + treasury + creator + creatorFeeStakers: what the user's escrow pays. */
  amount: bigint;
};

/**
 * The metadata key a charge's posting carries when part of its stakers_pool entry is a creator
 * fee's stakers share (wei, decimal string).
 */
export const CREATOR_FEE_STAKERS_METADATA_KEY = 'creatorFeeStakersWei';

/** The creator fee's stakers share a posting's metadata declares (0 when none or malformed). */
function creatorFeeStakersOf(metadata: unknown): bigint {
  if (typeof metadata !== 'object' || metadata === null) return 0n;
  const value = (metadata as Record<string, unknown>)[CREATOR_FEE_STAKERS_METADATA_KEY];
  return typeof value === 'string' && /^\d{1,78}$/.test(value) ? BigInt(value) : 0n;
}

/** Ledger transaction kinds that charge a user (a capture, or a reservation settled at its cost). */
const chargeKinds = ['capture', 'settle_reservation'] as const;

/**
 * Reads the oldest captured charges not yet in a settlement batch, with who pays and who earns
 * (node, stakers, treasury and, for a creator fee, the creator and the fee's stakers share),
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
    .select({
      id: ledgerTransactions.id,
      createdAt: ledgerTransactions.createdAt,
      metadata: ledgerTransactions.metadata,
    })
    .from(ledgerTransactions)
    .where(
      and(
        inArray(ledgerTransactions.kind, [...chargeKinds]),
        isNull(ledgerTransactions.settlementBatchId),
        sql`exists (select 1 from ${ledgerEntries} e join ${ledgerAccounts} a on a.id = e.account_id
          where e.transaction_id = ${ledgerTransactions.id} and a.kind in ('node_earnings', 'stakers_pool', 'treasury', 'creator_earnings'))`,
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
      creatorUserId: null,
      creatorAddress: null,
      creator: 0n,
      creatorFeeStakers: creatorFeeStakersOf(candidate.metadata),
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
    } else if (entry.kind === 'creator_earnings') {
      charge.creator += entry.amount;
      charge.creatorUserId = entry.userId;
      charge.creatorAddress = entry.userAddress === null ? null : getAddress(entry.userAddress);
    } else if (entry.kind === 'stakers_pool') charge.stakers += entry.amount;
    else if (entry.kind === 'treasury') charge.treasury += entry.amount;
  }
  const result: UnsettledCharge[] = [];
  for (const charge of charges.values()) {
    // The metadata only names part of the stakers entry; never more than the entry holds.
    charge.creatorFeeStakers = smallerWei(charge.creatorFeeStakers, charge.stakers);
    charge.stakers -= charge.creatorFeeStakers;
    charge.amount =
      charge.node + charge.stakers + charge.treasury + charge.creator + charge.creatorFeeStakers;
    if (charge.userId === '' || charge.amount <= 0n) continue;
    result.push(charge);
  }
  return result;
}
