import {
  devAccount,
  farTokenAbi,
  nodeBondAbi,
  nodeBondKey,
  readDeployments,
  VRAM_CLASS_COUNT,
} from '@far/contracts';
import { createPublicClient, createWalletClient, formatEther, http } from 'viem';
import { hardhat } from 'viem/chains';

/** The class bonded for: the biggest, so a local node is admitted whatever GPU this machine has. */
const LOCAL_VRAM_CLASS = VRAM_CLASS_COUNT - 1;

/**
 * Bonds FAR on NodeBond for each local far-node id (`local-1`, …) from dev account #1, their owner,
 * as a GPU provider would from the GPU page, so the coordinator admits them. Idempotent: a node id
 * whose bond already covers the minimum (the chain is kept across starts) is left alone. Does
 * nothing when NodeBond is not deployed.
 *
 * @param options - the chain URL, the deployments file, the node ids and where progress goes.
 * @example
 * await bondLocalNodes({ chainUrl: 'http://127.0.0.1:8545', deploymentsFile, nodeIds: ['local-1'], log });
 */
export async function bondLocalNodes(options: {
  chainUrl: string;
  deploymentsFile: string;
  nodeIds: readonly string[];
  log: (line: string) => void;
}): Promise<void> {
  const deployments = await readDeployments(options.deploymentsFile);
  const nodeBond = deployments.contracts.nodeBond;
  if (!nodeBond || options.nodeIds.length === 0) return;
  const account = devAccount(1);
  const transport = http(options.chainUrl);
  const chain = { ...hardhat, id: deployments.chainId };
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  const wallet = createWalletClient({ chain, transport, account });
  const send = async (hash: `0x${string}`) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`bonding transaction ${hash} reverted`);
  };
  const minimums = await publicClient.readContract({
    address: nodeBond,
    abi: nodeBondAbi,
    functionName: 'minimumBonds',
  });
  const minimum = minimums[LOCAL_VRAM_CLASS] ?? 0n;
  for (const nodeId of options.nodeIds) {
    const key = nodeBondKey(nodeId);
    const bond = await publicClient.readContract({
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'bondOf',
      args: [account.address, key],
    });
    const active = bond.amount - bond.unbonding;
    if (bond.vramClass === LOCAL_VRAM_CLASS && active >= minimum) continue;
    const amount = minimum > active ? minimum - active : minimum;
    await send(
      await wallet.writeContract({
        address: deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [nodeBond, amount],
      }),
    );
    await send(
      await wallet.writeContract({
        address: nodeBond,
        abi: nodeBondAbi,
        functionName: 'bond',
        args: [key, LOCAL_VRAM_CLASS, amount],
      }),
    );
    options.log(`• bonded ${formatEther(amount)} FAR for far-node ${nodeId} (dev account #1)`);
  }
}
