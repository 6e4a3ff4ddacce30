import { parseEther } from 'viem';

/**
 * The VRAM classes NodeBond knows (its `VRAM_CLASSES`): class i holds nodes with at most
 * `VRAM_CLASS_LIMITS_GB[i]` GB; the last class holds everything bigger. A node claiming more VRAM
 * can serve bigger models and earn more, so it must bond more.
 */
export const VRAM_CLASS_LIMITS_GB = [8, 16, 24, 48, 80] as const;

/** How many classes there are (NodeBond.VRAM_CLASSES). */
export const VRAM_CLASS_COUNT = VRAM_CLASS_LIMITS_GB.length + 1;

/**
 * The minimum bond per VRAM class a fresh deployment starts with (operators change it with
 * `setMinimumBond`): 100 FAR for a laptop or CPU node up to 5,000 FAR for a data-centre card.
 */
export const DEFAULT_MINIMUM_BONDS: readonly bigint[] = ['100', '250', '500', '1000', '2500', '5000'].map(
  (far) => parseEther(far),
);

/**
 * The VRAM class of a node that claims `vramGb` (a CPU node claims 0 and is class 0).
 *
 * @param vramGb - the VRAM the node announced.
 * @returns 0 … VRAM_CLASS_COUNT - 1.
 * @example
 * vramClassOf(24) // 2
 */
export function vramClassOf(vramGb: number): number {
  const index = VRAM_CLASS_LIMITS_GB.findIndex((limit) => vramGb <= limit);
  return index === -1 ? VRAM_CLASS_LIMITS_GB.length : index;
}

/**
 * A VRAM class as people read it.
 *
 * @param vramClass - 0 … VRAM_CLASS_COUNT - 1.
 * @returns e.g. `≤ 24 GB` or `> 80 GB`.
 */
export function describeVramClass(vramClass: number): string {
  const limit = VRAM_CLASS_LIMITS_GB[vramClass];
  return limit === undefined
    ? `> ${VRAM_CLASS_LIMITS_GB[VRAM_CLASS_LIMITS_GB.length - 1]} GB`
    : `≤ ${limit} GB`;
}
