import type { Deployments } from '@far/contracts';
import type { Hex, PublicClient } from 'viem';
import { consoleChainAbi } from './consoleChainAbi.js';

/** NodeBond's SlashStatus enum, by index, in words. */
const SLASH_STATUSES = ['none', 'proposed', 'contested', 'executed', 'dismissed'] as const;

/** A slash's on-chain status in words (`none`: NodeBond has no slash for that evidence). */
type OnChainSlashStatus = (typeof SLASH_STATUSES)[number];

/** A slash as NodeBond holds it (`slashOf`), amounts in wei as decimal strings. */
export type OnChainSlash = {
  status: OnChainSlashStatus;
  /** When the owner's appeal window closes (ISO); null when NodeBond has no such slash. */
  appealEndsAt: string | null;
  amountWei: string;
  refundTotalWei: string;
};

/**
 * Reads one slash from NodeBond (`slashOf(evidenceHash)`); null where no NodeBond is deployed or
 * the read fails (an older deployment), so the console shows the database row without it.
 *
 * @example
 * const slash = await readSlashOnChain(chain, deployments, evidenceHash);
 */
export async function readSlashOnChain(
  chain: PublicClient,
  deployments: Deployments,
  evidenceHash: Hex,
): Promise<OnChainSlash | null> {
  const nodeBond = deployments.contracts.nodeBond;
  if (!nodeBond) return null;
  try {
    const slash = await chain.readContract({
      address: nodeBond,
      abi: consoleChainAbi,
      functionName: 'slashOf',
      args: [evidenceHash],
    });
    return toOnChainSlash(slash);
  } catch {
    return null;
  }
}

/** NodeBond's `Slash` struct as the console shows it. */
export function toOnChainSlash(slash: {
  status: number;
  appealEndsAt: number;
  amount: bigint;
  refundTotal: bigint;
}): OnChainSlash {
  const status = SLASH_STATUSES[slash.status] ?? 'none';
  return {
    status,
    appealEndsAt: status === 'none' ? null : new Date(slash.appealEndsAt * 1000).toISOString(),
    amountWei: slash.amount.toString(),
    refundTotalWei: slash.refundTotal.toString(),
  };
}
