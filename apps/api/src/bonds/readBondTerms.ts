import { describeVramClass, nodeBondAbi, VRAM_CLASS_LIMITS_GB } from '@far/contracts/browser';
import type { Address, PublicClient } from 'viem';

/** NodeBond's terms as the GPU page shows them. */
export type BondTerms = {
  nodeBond: Address;
  vramClasses: { vramClass: number; label: string; maxVramGb: number | null; minimumWei: bigint }[];
  unbondingPeriodSeconds: number;
  appealWindowSeconds: number;
};

/** Terms change by an operator's transaction; the page may show them a minute late. */
const TERMS_TTL_MS = 60_000;

/**
 * Reads NodeBond's minimum per VRAM class, unbonding period and appeal window, cached for a minute
 * (the GPU page asks on every visit; the chain is read at most once a minute).
 *
 * @param publicClient - the chain client.
 * @param nodeBond - NodeBond's address.
 * @returns `read()`, resolving to the terms.
 */
export function createBondTermsReader(publicClient: PublicClient, nodeBond: Address) {
  let cached: { terms: BondTerms; readAt: number } | undefined;
  return async function read(): Promise<BondTerms> {
    if (cached && Date.now() - cached.readAt < TERMS_TTL_MS) return cached.terms;
    const contract = { address: nodeBond, abi: nodeBondAbi } as const;
    const [minimums, unbondingPeriod, appealWindow] = await Promise.all([
      publicClient.readContract({ ...contract, functionName: 'minimumBonds' }),
      publicClient.readContract({ ...contract, functionName: 'unbondingPeriod' }),
      publicClient.readContract({ ...contract, functionName: 'appealWindow' }),
    ]);
    const terms: BondTerms = {
      nodeBond,
      vramClasses: minimums.map((minimumWei, vramClass) => ({
        vramClass,
        label: describeVramClass(vramClass),
        maxVramGb: VRAM_CLASS_LIMITS_GB[vramClass] ?? null,
        minimumWei,
      })),
      unbondingPeriodSeconds: Number(unbondingPeriod),
      appealWindowSeconds: Number(appealWindow),
    };
    cached = { terms, readAt: Date.now() };
    return terms;
  };
}
