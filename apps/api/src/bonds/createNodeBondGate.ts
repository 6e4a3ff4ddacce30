import { nodeBondAbi, nodeBondKey } from '@far/contracts/browser';
import type { Address, PublicClient } from 'viem';
import { checkNodeBond, type NodeBondVerdict } from './checkNodeBond.js';

/** What the gateway asks at each join: may this owner's node, claiming this much VRAM, join? */
export type NodeBondGate = (join: {
  owner: Address;
  nodeId: string;
  vramGb: number;
}) => Promise<NodeBondVerdict>;

/** Minimums change by an operator's transaction; a join may see them a minute late. */
const MINIMUMS_TTL_MS = 60_000;

/**
 * The join check against NodeBond: reads the owner's bond for the node id and the minimum per VRAM
 * class from the chain once per join (never per request), the minimums cached for a minute.
 * A chain that cannot be read refuses the join (the node retries with backoff): an unchecked bond
 * is no bond.
 *
 * @param options - the chain client and NodeBond's address.
 * @returns the gate `createNodeGateway({ bondGate })` takes.
 * @example
 * const bondGate = createNodeBondGate({ publicClient, nodeBond: deployments.contracts.nodeBond });
 * const verdict = await bondGate({ owner, nodeId: 'local-1', vramGb: 24 });
 */
export function createNodeBondGate(options: { publicClient: PublicClient; nodeBond: Address }): NodeBondGate {
  const { publicClient, nodeBond } = options;
  let minimums: { values: readonly bigint[]; readAt: number } | undefined;
  const readMinimums = async () => {
    if (minimums && Date.now() - minimums.readAt < MINIMUMS_TTL_MS) return minimums.values;
    const values = await publicClient.readContract({
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'minimumBonds',
    });
    minimums = { values, readAt: Date.now() };
    return values;
  };
  return async ({ owner, nodeId, vramGb }) => {
    const [bond, values] = await Promise.all([
      publicClient.readContract({
        address: nodeBond,
        abi: nodeBondAbi,
        functionName: 'bondOf',
        args: [owner, nodeBondKey(nodeId)],
      }),
      readMinimums(),
    ]);
    return checkNodeBond(bond, values, vramGb);
  };
}
