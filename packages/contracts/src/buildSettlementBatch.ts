import { type Address, getAddress } from 'viem';
import { ContractsError } from './errors/ContractsError.js';
import { packSettlementEntry } from './packSettlementEntry.js';
import { splitRevenue } from './splitRevenue.js';

/** One served request to settle: who pays, who served it, what it cost, how well it was served. */
export type SettlementCharge = {
  user: Address;
  node: Address;
  actualCost: bigint;
  performanceScore: number;
};

export type SettlementBatch = {
  /** Packed per-user debits (one entry per user, summed over their charges). */
  debits: bigint[];
  /** Packed per-node credits (one entry per node). */
  credits: bigint[];
  stakersShare: bigint;
  treasuryShare: bigint;
  totalDebited: bigint;
  /** Per-user and per-node sums, for the caller's own ledger. */
  debitsByUser: Map<Address, bigint>;
  creditsByNode: Map<Address, bigint>;
};

/**
 * Aggregates a period's charges into `settleBatch` arguments, splitting each charge with `splitRevenue`
 * (so the batch equals the sum of per-task splits and balances exactly on-chain).
 *
 * @param charges The period's charges; zero-cost charges are skipped.
 * @returns Packed debits and credits plus the stakers' and treasury totals.
 * @throws {ContractsError} INVALID_AMOUNT for a negative cost.
 * @example
 * const b = buildSettlementBatch([{ user, node, actualCost: 10n ** 18n, performanceScore: 90 }])
 * await wallet.writeContract({ address, abi: inferencePaymentAbi, functionName: 'settleBatch',
 *   args: [batchId, b.debits, b.credits, b.stakersShare, b.treasuryShare, []] })
 */
export function buildSettlementBatch(charges: readonly SettlementCharge[]): SettlementBatch {
  const debitsByUser = new Map<Address, bigint>();
  const creditsByNode = new Map<Address, bigint>();
  let stakersShare = 0n;
  let treasuryShare = 0n;
  let totalDebited = 0n;
  for (const charge of charges) {
    if (charge.actualCost < 0n) {
      throw new ContractsError('INVALID_AMOUNT', `negative charge for ${charge.user}: ${charge.actualCost}`);
    }
    if (charge.actualCost === 0n) continue;
    const split = splitRevenue(charge.actualCost, charge.performanceScore);
    // Checksummed keys: the same account spelled in two cases must be one entry.
    const user = getAddress(charge.user);
    const node = getAddress(charge.node);
    debitsByUser.set(user, (debitsByUser.get(user) ?? 0n) + charge.actualCost);
    if (split.node > 0n) creditsByNode.set(node, (creditsByNode.get(node) ?? 0n) + split.node);
    stakersShare += split.stakers;
    treasuryShare += split.treasury;
    totalDebited += charge.actualCost;
  }
  return {
    debits: [...debitsByUser].map(([user, amount]) => packSettlementEntry(user, amount)),
    credits: [...creditsByNode].map(([node, amount]) => packSettlementEntry(node, amount)),
    stakersShare,
    treasuryShare,
    totalDebited,
    debitsByUser,
    creditsByNode,
  };
}
