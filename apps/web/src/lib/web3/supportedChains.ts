import { bsc, bscTestnet, hardhat } from 'viem/chains';

/** Chains the app knows how to add to a wallet: the local Hardhat chain, BSC testnet and BSC. */
const supportedChains = [hardhat, bscTestnet, bsc] as const;

/**
 * Finds a supported chain by id.
 * @param chainId - EIP-155 chain id
 * @returns the viem chain, or undefined when the app does not support it
 */
export function findSupportedChain(chainId: number) {
  return supportedChains.find((chain) => chain.id === chainId);
}
