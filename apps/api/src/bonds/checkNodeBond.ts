import { describeVramClass, vramClassOf } from '@far/contracts/browser';
import { formatEther } from 'viem';

/** A node's bond as NodeBond's `bondOf` returns it. */
export type NodeBondRecord = {
  amount: bigint;
  unbonding: bigint;
  pendingSlash: bigint;
  unbondableAt: number;
  vramClass: number;
};

/** Whether a joining node's bond admits it, and the numbers that decided it. */
export type NodeBondVerdict =
  | { ok: true; vramClass: number; requiredWei: bigint; activeWei: bigint }
  | { ok: false; vramClass: number; requiredWei: bigint; activeWei: bigint; message: string };

/**
 * Decides whether a node may join on its owner's bond: the bond must claim at least the VRAM class
 * of the VRAM the node announces, and what is bonded and not unbonding must cover that class's
 * minimum. (A bond claiming a bigger class than needed is fine: it bonded more.)
 *
 * @param bond - the owner's bond for this node id, as on chain.
 * @param minimums - NodeBond's minimum bond per VRAM class.
 * @param vramGb - the VRAM the node announced in its `hello`.
 * @returns the verdict, with a message a node owner can act on when it refuses.
 * @example
 * checkNodeBond(bond, minimums, 24) // { ok: false, message: 'bond 100 FAR … class ≤ 24 GB needs 500 FAR …' }
 */
export function checkNodeBond(
  bond: NodeBondRecord,
  minimums: readonly bigint[],
  vramGb: number,
): NodeBondVerdict {
  const vramClass = vramClassOf(vramGb);
  const requiredWei = minimums[vramClass] ?? 0n;
  const activeWei = bond.amount - bond.unbonding;
  const facts = { vramClass, requiredWei, activeWei };
  const need = `a node with ${vramGb} GB of VRAM (class ${describeVramClass(vramClass)}) needs ${formatEther(requiredWei)} FAR bonded`;
  if (bond.amount === 0n) {
    return {
      ok: false,
      ...facts,
      message: `no bond for this node id: ${need} on NodeBond (GPU page, "Bond")`,
    };
  }
  if (bond.vramClass < vramClass) {
    const claimed = describeVramClass(bond.vramClass);
    return { ok: false, ...facts, message: `the bond claims VRAM class ${claimed}: ${need} for its class` };
  }
  if (activeWei < requiredWei) {
    return {
      ok: false,
      ...facts,
      message: `${formatEther(activeWei)} FAR bonded (not unbonding): ${need}; top it up`,
    };
  }
  return { ok: true, ...facts };
}
