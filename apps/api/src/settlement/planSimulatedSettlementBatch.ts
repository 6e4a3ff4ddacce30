import type { Address } from 'viem';
import { getAddress } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import type { UnsettledAuditPayout } from '../ledger/collectUnsettledAuditPayouts.js';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { Logger } from '../observability/createLogger.js';
import { planSettlementBatch, type SettlementPlan, type UserSettlementLimit } from './planSettlementBatch.js';
import type { SettlementBatchContent } from './settlementBatchItems.js';

/** Errors whose first argument names the user whose debit made the batch revert. */
const userErrors = new Set(['SpendingCapExceeded', 'InsufficientBalance', 'AuthorizationExpired']);

export type PlanSimulatedSettlementBatchInput = {
  charges: readonly UnsettledCharge[];
  /** Per user; a user the dry run names is given a limit of 0 here. */
  limits: Map<Address, UserSettlementLimit>;
  /** Node payout addresses; a node the dry run names is removed here. */
  payableNodes: Set<Address>;
  maxEntries: number;
  /** Audit pay to settle out of the batch's treasury share, oldest first (see planSettlementBatch). */
  auditPayouts?: readonly UnsettledAuditPayout[];
  /** Dry-runs the batch; rejects with a ChainError naming the contract error when it would revert. */
  simulate: (content: SettlementBatchContent) => Promise<unknown>;
  logger: Pick<Logger, 'warn'>;
};

/**
 * Plans a batch and dry-runs it until it would land. The plan already respects caps, escrow and
 * expiry as read; the dry run catches whatever the reads could not (a cap lowered or an
 * authorization replaced in between) and names the culprit, who is left out so one user cannot
 * hold up everyone's settlement (a node left out takes its audit payouts with it). Each round drops one user or node, at most `maxEntries` rounds.
 *
 * @param input - charges, limits and payable nodes (both updated for the culprits), the entry limit, the dry run.
 * @returns a plan that simulates, or one that includes nothing.
 * @throws the dry run's error when it names no user or node, or after `maxEntries` rounds.
 * @example
 * const plan = await planSimulatedSettlementBatch({ charges, limits, payableNodes, maxEntries: 500, simulate, logger });
 */
export async function planSimulatedSettlementBatch(
  input: PlanSimulatedSettlementBatchInput,
): Promise<SettlementPlan> {
  const { charges, limits, payableNodes, maxEntries } = input;
  const auditPayouts = input.auditPayouts ?? [];
  let plan = planSettlementBatch({ charges, limits, payableNodes, maxEntries, auditPayouts });
  for (let attempt = 0; plan.included.length > 0; attempt++) {
    try {
      await input.simulate(plan.content);
      break;
    } catch (error) {
      const culprit = error instanceof ChainError ? culpritOf(error) : undefined;
      if (attempt >= maxEntries || culprit === undefined) throw error;
      input.logger.warn(
        { culprit, reason: error instanceof Error ? error.message : String(error) },
        'leaving a user or node out of this batch',
      );
      if (culprit.kind === 'user')
        limits.set(culprit.address, { limit: 0n, reason: (error as Error).message });
      else payableNodes.delete(culprit.address);
      plan = planSettlementBatch({ charges, limits, payableNodes, maxEntries, auditPayouts });
    }
  }
  return plan;
}

/** The user or node a contract error names as its first argument, checksummed. */
function culpritOf(error: ChainError): { kind: 'user' | 'node'; address: Address } | undefined {
  const first = (error.details?.args as unknown[] | undefined)?.[0];
  if (typeof first !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(first)) return undefined;
  // Checksummed, as the plan's limits and payable nodes are keyed.
  if (userErrors.has(error.reason)) return { kind: 'user', address: getAddress(first) };
  if (error.reason === 'NodeNotActive') return { kind: 'node', address: getAddress(first) };
  return undefined;
}
