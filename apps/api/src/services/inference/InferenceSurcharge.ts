import type { Db } from '@far/db';

/** How a surcharge divides: a creator's share and the platform's, summing to the surcharge. */
export type SurchargeSplit = { creatorUserId: string; creator: bigint; stakers: bigint; treasury: bigint };

/**
 * A price per token on top of the base model's, charged with the inference in the same ledger
 * transaction (a FarTwin twin's creator fee). The coordinator counts the tokens, as for the base
 * price; the caller reserves the worst case for both.
 */
export type InferenceSurcharge = {
  /** Wei per million tokens (prompt and completion alike), fixed when the request is admitted. */
  weiPerMillionTokens: bigint;
  /** Divides a surcharge among creator, stakers and treasury; the parts must sum to it. */
  split: (amount: bigint) => SurchargeSplit;
  /** Rows that commit with the charge (inside its transaction), e.g. the service's fee record. */
  record: (
    tx: Db,
    charge: { taskId: string; tokens: number; amount: bigint; split: SurchargeSplit },
  ) => Promise<void>;
};

/**
 * The surcharge for `tokens` at `weiPerMillionTokens`, rounded up like the base price, so a
 * fraction of a wei is never lost to the creator.
 *
 * @example
 * surchargeWei(3, 1_000_000n) // 3n
 */
export function surchargeWei(tokens: number, weiPerMillionTokens: bigint): bigint {
  const scaled = BigInt(tokens) * weiPerMillionTokens;
  return (scaled + 999_999n) / 1_000_000n;
}
