import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  type EIP1193Provider,
  type Hex,
} from 'viem';
import { hardhat } from 'viem/chains';

const configPath = fileURLToPath(new URL('../../hardhat.config.cjs', import.meta.url));

/**
 * Starts Hardhat's in-process network (EDR) and wraps it in viem clients. Each call in a fresh process
 * gets a fresh chain; within one process Hardhat keeps one network, so use `snapshot`/`revert` to isolate.
 * The 20 accounts of the "test … junk" mnemonic are unlocked with 10,000 ETH each.
 *
 * @returns viem clients, the unlocked accounts and time/snapshot controls.
 * @example
 * const chain = await createInProcessChain()
 * const deployed = await deployContracts({ walletClient: chain.walletFor(chain.accounts[0]), publicClient: chain.publicClient })
 */
export async function createInProcessChain() {
  // Hardhat 2 finds its config through this variable when the caller's cwd is elsewhere (the repo root).
  process.env.HARDHAT_CONFIG ??= configPath;
  const require = createRequire(import.meta.url);
  const hre = require('hardhat') as { network: { provider: EIP1193Provider } };
  // No retries: a revert is an answer, not a transient failure (viem would otherwise back off and retry it).
  const transport = custom(hre.network.provider, { retryCount: 0 });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain: hardhat, transport, mode: 'hardhat' });
  const accounts: Address[] = await createWalletClient({ chain: hardhat, transport }).getAddresses();

  return {
    provider: hre.network.provider,
    publicClient,
    testClient,
    accounts,
    /** A wallet client sending from one of the unlocked accounts. */
    walletFor: (account: Address) => createWalletClient({ account, chain: hardhat, transport }),
    snapshot: (): Promise<Hex> => testClient.snapshot(),
    revert: (id: Hex) => testClient.revert({ id }),
    /** Moves time forward and mines a block, so the next read sees the new timestamp. */
    increaseTime: async (seconds: number | bigint) => {
      await testClient.increaseTime({ seconds: Number(seconds) });
      await testClient.mine({ blocks: 1 });
    },
    /** Sets the timestamp of the next block (the next transaction's block.timestamp). */
    setNextBlockTimestamp: (timestamp: bigint) => testClient.setNextBlockTimestamp({ timestamp }),
    latestTimestamp: async () => (await publicClient.getBlock()).timestamp,
  };
}

export type InProcessChain = Awaited<ReturnType<typeof createInProcessChain>>;
