import { gameLicensesAbi } from '@far/contracts';
import { chainCursors, gamedChainLicences } from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { Address } from 'viem';
import type { PlatformCore } from '../../PlatformCore.js';
import { gamedCursorName } from './startGamedChainFollower.js';

/**
 * Whether a wallet holds a game's licence, and where the answer came from: the follower's mirror when it
 * has applied the chain's latest block, the contract itself otherwise.
 */
export type LicenseHolderAnswer = { holds: boolean; source: 'mirror' | 'chain' };

/**
 * The download gate's question: does `wallet` hold a licence of `gameId` now? Answers from the indexed
 * holders (`gamed_chain_licences`) only while the follower's cursor is at the chain's latest block in
 * the same history (its hash matches); otherwise, and with confirmations above one the cursor is always a
 * little behind, it reads `balanceOf` from GameLicenses directly, so a transfer or refund ends access as
 * soon as it is mined.
 *
 * @param core - the database, the chain client and the deployments.
 * @param gameId - the game (its licence's token id).
 * @param wallet - the wallet asking.
 * @returns `{ holds, source }`; `holds` is false when no GameLicenses is deployed.
 * @example
 * const { holds } = await readLicenseHolder(core, 1n, caller.walletAddress);
 */
export async function readLicenseHolder(
  core: Pick<PlatformCore, 'db' | 'chain' | 'deployments'>,
  gameId: bigint,
  wallet: Address,
): Promise<LicenseHolderAnswer> {
  const deployments = core.deployments;
  const contract = deployments?.contracts.gameLicenses;
  if (!deployments || !contract) return { holds: false, source: 'chain' };
  const [[cursor], head] = await Promise.all([
    core.db
      .select({ blockNumber: chainCursors.blockNumber, blockHash: chainCursors.blockHash })
      .from(chainCursors)
      .where(eq(chainCursors.name, gamedCursorName(deployments.chainId, contract))),
    core.chain.getBlock({ blockTag: 'latest' }),
  ]);
  if (cursor && cursor.blockNumber === head.number && cursor.blockHash === head.hash) {
    const [row] = await core.db
      .select({ holder: gamedChainLicences.holderAddress })
      .from(gamedChainLicences)
      .where(
        and(
          eq(gamedChainLicences.contractAddress, contract.toLowerCase()),
          eq(gamedChainLicences.gameId, gameId.toString()),
          eq(gamedChainLicences.holderAddress, wallet.toLowerCase()),
        ),
      );
    return { holds: row !== undefined, source: 'mirror' };
  }
  const balance = await core.chain.readContract({
    address: contract,
    abi: gameLicensesAbi,
    functionName: 'balanceOf',
    args: [wallet, gameId],
  });
  return { holds: balance > 0n, source: 'chain' };
}
