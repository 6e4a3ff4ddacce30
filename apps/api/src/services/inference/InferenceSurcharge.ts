import type { Db } from '@far/db';
import { z } from 'zod';

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
  /**
   * How the restart recovery rebuilds this surcharge when the coordinator died mid-task (kept in
   * the reservation's metadata): the chat model id whose provider recovers it, and its reference
   * (a twin's id). Without it a recovered task is billed the base price only.
   */
  recovery?: { modelId: string; ref: string } | undefined;
};

const surchargeMetadataSchema = z.object({
  surcharge: z.object({
    modelId: z.string().min(1),
    ref: z.string().min(1),
    weiPerMillionTokens: z
      .string()
      .regex(/^\d{1,78}$/)
      .transform((value) => BigInt(value)),
  }),
});

/** What a recovered task needs to bill its surcharge, as kept in the reservation's metadata. */
export type SurchargeRecovery = z.output<typeof surchargeMetadataSchema>['surcharge'];

/**
 * The reservation metadata that lets recovery bill `surcharge` at the price it was admitted at.
 *
 * @returns `{ surcharge: { modelId, ref, weiPerMillionTokens } }`, or `{}` when it cannot be recovered.
 */
export function surchargeReservationMetadata(surcharge: InferenceSurcharge | undefined) {
  if (surcharge?.recovery === undefined) return {};
  return {
    surcharge: { ...surcharge.recovery, weiPerMillionTokens: surcharge.weiPerMillionTokens.toString() },
  };
}

/** Reads {@link surchargeReservationMetadata} back from a reservation's metadata (undefined when absent). */
export function readSurchargeRecovery(metadata: unknown): SurchargeRecovery | undefined {
  const parsed = surchargeMetadataSchema.safeParse(metadata);
  return parsed.success ? parsed.data.surcharge : undefined;
}

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
