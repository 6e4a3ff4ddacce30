import type { LedgerAccountRef } from './LedgerAccountRef.js';

/**
 * Whether an entry of a charge is someone's earnings (what a reversal takes back): node, stakers,
 * treasury or a creator fee's creator.
 */
export function isChargeEarnings(kind: LedgerAccountRef['kind']): boolean {
  return (
    kind === 'node_earnings' || kind === 'stakers_pool' || kind === 'treasury' || kind === 'creator_earnings'
  );
}

/** The account an earnings entry of a charge was posted to. */
export function chargeEarningsAccount(entry: {
  kind: LedgerAccountRef['kind'];
  nodeId: string | null;
  userId: string | null;
}): LedgerAccountRef {
  return {
    kind: entry.kind,
    ...(entry.nodeId === null ? {} : { nodeId: entry.nodeId }),
    ...(entry.kind === 'creator_earnings' && entry.userId !== null ? { userId: entry.userId } : {}),
  };
}
