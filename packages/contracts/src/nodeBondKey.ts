import { type Hex, keccak256, toBytes } from 'viem';

/**
 * The key NodeBond files a node's bond under (with its owner): keccak256 of the node id the node
 * joins with, so the id a coordinator sees and the bond on chain name the same node.
 *
 * @param nodeId - the far-node's `--node-id`.
 * @returns 32-byte hex.
 * @example
 * await nodeBond.read.bondOf([owner, nodeBondKey('local-1')]);
 */
export function nodeBondKey(nodeId: string): Hex {
  return keccak256(toBytes(nodeId));
}
