import { ContractsError } from './errors/ContractsError.js';

export type RevenueSplit = { node: bigint; stakers: bigint; treasury: bigint };

const MAX_SCORE = 100;
const BASE_SCORE = 80;
const MIN_ADJUSTMENT = 90n;
const MAX_ADJUSTMENT = 110n;

/**
 * Splits a charge exactly as `InferencePayment.splitRevenue` does, in integer wei: node = actual × 60% ×
 * adjustment (100 + (score − 80) / 2, truncated, kept within 90..110 percent), stakers = actual × 20%,
 * treasury = the remainder, so the three always sum to `actualCost`.
 *
 * @param actualCost FAR wei charged (≥ 0).
 * @param performanceScore An integer; clamped to 0..100 like the contract (which cannot receive negatives).
 * @returns The three shares in wei.
 * @throws {ContractsError} INVALID_AMOUNT for a negative cost, INVALID_PERFORMANCE_SCORE for a non-integer score.
 * @example
 * splitRevenue(1_000n, 100) // { node: 660n, stakers: 200n, treasury: 140n }
 */
export function splitRevenue(actualCost: bigint, performanceScore: number): RevenueSplit {
  if (actualCost < 0n)
    throw new ContractsError('INVALID_AMOUNT', `actualCost must be ≥ 0, got ${actualCost}`);
  if (!Number.isInteger(performanceScore)) {
    throw new ContractsError(
      'INVALID_PERFORMANCE_SCORE',
      `performanceScore must be an integer, got ${performanceScore}`,
    );
  }
  const score = Math.min(Math.max(performanceScore, 0), MAX_SCORE);
  // Solidity's unsigned arithmetic truncates each half-point penalty/bonus toward zero; Math.trunc does the same.
  let adjustment = BigInt(100 + Math.trunc((score - BASE_SCORE) / 2));
  if (adjustment < MIN_ADJUSTMENT) adjustment = MIN_ADJUSTMENT;
  if (adjustment > MAX_ADJUSTMENT) adjustment = MAX_ADJUSTMENT;
  const node = (actualCost * 60n * adjustment) / 10_000n;
  const stakers = (actualCost * 20n) / 100n;
  return { node, stakers, treasury: actualCost - node - stakers };
}
