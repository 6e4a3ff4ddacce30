import type { Address } from 'viem';
import type { UnsettledAuditPayout } from '../ledger/collectUnsettledAuditPayouts.js';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { SettlementBatchContent } from './settlementBatchItems.js';

/**
 * The contract refuses a batch whose node credits exceed 66% of what it debits for inference (the
 * debits less creator fees).
 */
const MAX_NODE_SHARE_BPS = 6_600n;

/** What one user's escrow can pay in the next batch. */
export type UserSettlementLimit = {
  /** min(what is left of the signed cap, escrow balance); 0 when nothing may be debited. */
  limit: bigint;
  /** Why `limit` is 0 (no authorization, expired…), for the log. */
  reason?: string;
  /**
   * Set when no authorization can ever debit this user again (none live on chain, none scheduled,
   * none stored to carry): the user may withdraw, so their charges are written off, not deferred.
   */
  uncollectable?: string;
  /** A stored authorization the batch must carry so the contract knows the new cap. */
  authorization?: SettlementBatchContent['authorizations'][number];
};

export type PlanSettlementBatchInput = {
  /** Oldest first: earlier charges are settled first when a cap runs short. */
  charges: readonly UnsettledCharge[];
  /** Per user address (checksummed); a user missing here pays nothing. */
  limits: ReadonlyMap<Address, UserSettlementLimit>;
  /** Node payout addresses that can be credited now (checksummed). */
  payableNodes: ReadonlySet<Address>;
  /**
   * Audit pay the ledger moved from the treasury to nodes, oldest first: each is added to its
   * node's credit and taken out of the batch's treasury share, as far as that share (and the
   * contract's node-share limit) leaves room. The rest waits for a later batch.
   */
  auditPayouts?: readonly UnsettledAuditPayout[];
  /**
   * Most debit + credit entries in one batch (default 500): gas grows with each distinct user and
   * node, and one transaction must fit in a block. The rest waits for the next period.
   */
  maxEntries?: number;
};

export type DeferredCharge = { charge: UnsettledCharge; reason: string };

export type DeferredAuditPayout = { payout: UnsettledAuditPayout; reason: string };

export type SettlementPlan = {
  content: SettlementBatchContent;
  /** The charges this batch settles (their ledger transactions get linked to it). */
  included: UnsettledCharge[];
  /** Charges left for a later batch, with the reason. */
  deferred: DeferredCharge[];
  /** The audit payouts this batch pays out of its treasury share (linked to it like the charges). */
  includedAuditPayouts: UnsettledAuditPayout[];
  /** Audit payouts left for a later batch, with the reason. */
  deferredAuditPayouts: DeferredAuditPayout[];
  periodStart: Date | undefined;
  periodEnd: Date | undefined;
};

/**
 * Chooses which unsettled charges go into the next `settleBatch` and aggregates them: one debit
 * per user, one credit per node payout address and per creator wallet, the stakers' (inference and
 * creator fees apart) and treasury totals, so debits = credits + shares to the wei. A charge is left
 * for later when it would take its user past the signed cap or the on-chain escrow, when its node
 * cannot be credited, or when its split gives the node more than the contract allows. Then the
 * audit payouts, oldest first, ride along out of the treasury share (see {@link planAuditPay}). Pure:
 * reads nothing, so the same input always gives the same batch.
 *
 * @param input - charges, per-user limits, payable nodes, audit payouts.
 * @returns the batch content, the included and the deferred charges and audit payouts.
 * @example
 * const plan = planSettlementBatch({ charges, limits, payableNodes });
 */
export function planSettlementBatch(input: PlanSettlementBatchInput): SettlementPlan {
  const debits = new Map<Address, { userId: string; amount: bigint }>();
  const credits = new Map<Address, bigint>();
  const creatorCredits = new Map<Address, { userId: string; amount: bigint }>();
  const included: UnsettledCharge[] = [];
  const deferred: DeferredCharge[] = [];
  let stakersShare = 0n;
  let creatorFeeStakersShare = 0n;
  let treasuryShare = 0n;
  const maxEntries = input.maxEntries ?? 500;

  for (const charge of input.charges) {
    const limit = input.limits.get(charge.userAddress);
    const spent = debits.get(charge.userAddress)?.amount ?? 0n;
    if (limit === undefined || limit.limit === 0n) {
      deferred.push({ charge, reason: limit?.reason ?? 'no spending authorization' });
      continue;
    }
    if (spent + charge.amount > limit.limit) {
      deferred.push({
        charge,
        reason: `would exceed the signed cap or escrow: ${spent + charge.amount} > ${limit.limit} wei`,
      });
      continue;
    }
    if (charge.node > 0n && (charge.nodeAddress === null || !input.payableNodes.has(charge.nodeAddress))) {
      deferred.push({
        charge,
        reason: `node payout address ${charge.nodeAddress ?? '(none)'} cannot be credited`,
      });
      continue;
    }
    if (charge.creator > 0n && (charge.creatorAddress === null || charge.creatorUserId === null)) {
      deferred.push({ charge, reason: 'creator has no wallet to credit' });
      continue;
    }
    const inference = charge.amount - charge.creator - charge.creatorFeeStakers;
    if (charge.node * 10_000n > inference * MAX_NODE_SHARE_BPS) {
      deferred.push({ charge, reason: `node share ${charge.node} of ${inference} wei is above 66%` });
      continue;
    }
    const creatorAddress = charge.creator > 0n ? charge.creatorAddress : null;
    const newEntries =
      (debits.has(charge.userAddress) ? 0 : 1) +
      (charge.node > 0n && charge.nodeAddress !== null && !credits.has(charge.nodeAddress) ? 1 : 0) +
      (creatorAddress !== null && !creatorCredits.has(creatorAddress) ? 1 : 0);
    if (debits.size + credits.size + creatorCredits.size + newEntries > maxEntries) {
      deferred.push({ charge, reason: `batch is full (${maxEntries} entries); next period` });
      continue;
    }
    debits.set(charge.userAddress, { userId: charge.userId, amount: spent + charge.amount });
    if (charge.node > 0n && charge.nodeAddress !== null) {
      credits.set(charge.nodeAddress, (credits.get(charge.nodeAddress) ?? 0n) + charge.node);
    }
    if (creatorAddress !== null && charge.creatorUserId !== null) {
      const credited = creatorCredits.get(creatorAddress)?.amount ?? 0n;
      creatorCredits.set(creatorAddress, { userId: charge.creatorUserId, amount: credited + charge.creator });
    }
    stakersShare += charge.stakers;
    creatorFeeStakersShare += charge.creatorFeeStakers;
    treasuryShare += charge.treasury;
    included.push(charge);
  }

  const creatorShares =
    [...creatorCredits.values()].reduce((sum, c) => sum + c.amount, 0n) + creatorFeeStakersShare;
  const auditPay = planAuditPay({
    payouts: included.length === 0 ? [] : (input.auditPayouts ?? []),
    credits,
    payableNodes: input.payableNodes,
    freeEntries: maxEntries - debits.size - credits.size - creatorCredits.size,
    treasuryShare,
    inference: [...debits.values()].reduce((sum, d) => sum + d.amount, 0n) - creatorShares,
  });
  treasuryShare -= auditPay.total;
  const deferredAuditPayouts =
    included.length === 0
      ? (input.auditPayouts ?? []).map((payout) => ({ payout, reason: 'no charge settles in this batch' }))
      : auditPay.deferred;

  const authorizations: SettlementBatchContent['authorizations'] = [];
  for (const user of debits.keys()) {
    const authorization = input.limits.get(user)?.authorization;
    if (authorization !== undefined) authorizations.push(authorization);
  }
  const times = included.map((c) => c.createdAt.getTime());
  return {
    content: {
      debits: [...debits].map(([account, d]) => ({ account, userId: d.userId, amount: d.amount })),
      credits: [...credits].map(([account, amount]) => ({ account, amount })),
      creatorCredits: [...creatorCredits].map(([account, c]) => ({
        account,
        userId: c.userId,
        amount: c.amount,
      })),
      stakersShare,
      creatorFeeStakersShare,
      treasuryShare,
      auditPay: auditPay.total,
      authorizations,
    },
    included,
    deferred,
    includedAuditPayouts: auditPay.included,
    deferredAuditPayouts,
    periodStart: times.length === 0 ? undefined : new Date(Math.min(...times)),
    periodEnd: times.length === 0 ? undefined : new Date(Math.max(...times)),
  };
}

/**
 * Adds audit payouts to a planned batch's node credits (in place), oldest first, paid out of its
 * treasury share. A payout goes in whole or not at all; one that does not fit waits for a later
 * batch while later, smaller ones may still fit. The room is the smaller of the treasury share and
 * what the contract's node-share limit leaves (`MAX_NODE_SHARE_BPS` of the inference debits, less
 * the node credits already planned), so the batch stays balanced and never reverts for it.
 */
function planAuditPay(batch: {
  payouts: readonly UnsettledAuditPayout[];
  credits: Map<Address, bigint>;
  payableNodes: ReadonlySet<Address>;
  freeEntries: number;
  treasuryShare: bigint;
  inference: bigint;
}): { total: bigint; included: UnsettledAuditPayout[]; deferred: DeferredAuditPayout[] } {
  const nodesCredited = [...batch.credits.values()].reduce((sum, amount) => sum + amount, 0n);
  const nodeRoom = (batch.inference * MAX_NODE_SHARE_BPS) / 10_000n - nodesCredited;
  let room = nodeRoom < batch.treasuryShare ? nodeRoom : batch.treasuryShare;
  let freeEntries = batch.freeEntries;
  let total = 0n;
  const included: UnsettledAuditPayout[] = [];
  const deferred: DeferredAuditPayout[] = [];
  for (const payout of batch.payouts) {
    const address = payout.nodeAddress;
    if (address === null || !batch.payableNodes.has(address)) {
      deferred.push({ payout, reason: `node payout address ${address ?? '(none)'} cannot be credited` });
      continue;
    }
    if (payout.amount > room) {
      deferred.push({
        payout,
        reason: `the batch's treasury share or node-share limit leaves ${room > 0n ? room : 0n} wei < ${payout.amount} wei`,
      });
      continue;
    }
    const isNewEntry = !batch.credits.has(address);
    if (isNewEntry && freeEntries <= 0) {
      deferred.push({ payout, reason: 'batch is full; next period' });
      continue;
    }
    if (isNewEntry) freeEntries -= 1;
    batch.credits.set(address, (batch.credits.get(address) ?? 0n) + payout.amount);
    room -= payout.amount;
    total += payout.amount;
    included.push(payout);
  }
  return { total, included, deferred };
}
