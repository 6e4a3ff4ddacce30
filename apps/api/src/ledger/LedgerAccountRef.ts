import type { LedgerAccountKind } from '@far/db';
import { z } from 'zod';

/**
 * Names a ledger account by what it belongs to rather than by id, so callers never look ids up:
 * user accounts and a creator's earnings carry `userId`, node earnings carry `nodeId` (gpu_nodes.id), system accounts neither.
 */
export type LedgerAccountRef = { kind: LedgerAccountKind; userId?: string; nodeId?: string };

export const ledgerAccountRefSchema = z
  .object({
    kind: z.enum([
      'user_available',
      'user_reserved',
      'node_earnings',
      'creator_earnings',
      'stakers_pool',
      'treasury',
      'chain_deposits',
      'settled',
    ]),
    userId: z.uuid().optional(),
    nodeId: z.uuid().optional(),
  })
  .refine((ref) => !ref.kind.startsWith('user_') || ref.userId !== undefined, {
    message: 'user accounts need a userId',
  })
  .refine((ref) => ref.kind !== 'creator_earnings' || ref.userId !== undefined, {
    message: 'creator_earnings accounts need a userId',
  })
  .refine((ref) => ref.kind !== 'node_earnings' || ref.nodeId !== undefined, {
    message: 'node_earnings accounts need a nodeId',
  });

/** A stable string identity for an account ref: used to sort, dedupe and look locked rows up. */
export function ledgerAccountKey(ref: LedgerAccountRef): string {
  return `${ref.kind}|${ref.userId ?? ''}|${ref.nodeId ?? ''}`;
}
