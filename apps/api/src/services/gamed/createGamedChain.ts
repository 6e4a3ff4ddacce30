import { gameLicensesAbi } from '@far/contracts';
import type { GamedPlatform } from '@far/db';
import type { PublicClient } from 'viem';
import { gamedPlatforms } from './builds/buildRules.js';
import type { GamedChain, GameSales, GameTerms, PublishedBuild } from './GamedChain.js';

/**
 * Far GameD's view of `GameLicenses`, read from chain: terms, builds and licences directly (a
 * licence is checked at the moment it matters, so a transfer or refund ends access at once), and
 * sales from the contract's purchase and refund events since its deployment.
 *
 * @param chain - a client on the deployment's chain.
 * @param contract - the deployed `GameLicenses`, and the block it was deployed in.
 * @example
 * const gamed = createGamedChain(core.chain, { address: deployments.contracts.gameLicenses, deployBlock });
 */
export function createGamedChain(
  chain: PublicClient,
  contract: {
    address: `0x${string}`;
    deployBlock: bigint;
    /** How to answer "does this wallet hold the licence now"; by default `balanceOf` on the contract. */
    holdsLicense?: GamedChain['holdsLicense'];
  },
): GamedChain {
  const { address } = contract;
  const read = { address, abi: gameLicensesAbi } as const;

  async function gameTerms(gameIds: readonly bigint[]) {
    const games = await Promise.all(
      gameIds.map((id) => chain.readContract({ ...read, functionName: 'games', args: [id] })),
    );
    const terms = new Map<string, GameTerms>();
    games.forEach(([studio, price, royaltyBps, soulbound], i) => {
      if (/^0x0{40}$/.test(studio)) return;
      terms.set(String(gameIds[i]), { studio, priceWei: price, royaltyBps, soulbound });
    });
    return terms;
  }

  async function publishedBuilds(gameId: bigint) {
    const builds: Partial<Record<GamedPlatform, PublishedBuild>> = {};
    const rows = await Promise.all(
      gamedPlatforms.map((_, platform) =>
        chain.readContract({ ...read, functionName: 'builds', args: [gameId, platform] }),
      ),
    );
    rows.forEach(([sha256Hash, sizeBytes, version, publishedAt], platform) => {
      if (version === 0) return;
      builds[gamedPlatforms[platform] as GamedPlatform] = {
        sha256: sha256Hash.slice(2),
        sizeBytes: Number(sizeBytes),
        version,
        publishedAt: new Date(publishedAt * 1000),
      };
    });
    return builds;
  }

  async function gameSales(gameIds: readonly bigint[]) {
    const sales = new Map<string, GameSales>(
      gameIds.map((id) => [String(id), { sold: 0, refunded: 0, grossWei: 0n }]),
    );
    if (gameIds.length === 0) return sales;
    const range = { ...read, fromBlock: contract.deployBlock, toBlock: 'latest' } as const;
    const [purchased, refunded] = await Promise.all([
      chain.getContractEvents({ ...range, eventName: 'LicensePurchased' }),
      chain.getContractEvents({ ...range, eventName: 'LicenseRefunded' }),
    ]);
    for (const { args } of purchased) {
      const entry = sales.get(String(args.gameId));
      if (entry && args.price !== undefined) {
        entry.sold += 1;
        entry.grossWei += args.price;
      }
    }
    for (const { args } of refunded) {
      const entry = sales.get(String(args.gameId));
      if (entry && args.price !== undefined) {
        entry.refunded += 1;
        entry.grossWei -= args.price;
      }
    }
    return sales;
  }

  return {
    licensesAddress: address.toLowerCase() as `0x${string}`,
    gameTerms,
    publishedBuilds,
    gameSales,
    holdsLicense:
      contract.holdsLicense ??
      (async (gameId, wallet) => {
        return (
          (await chain.readContract({ ...read, functionName: 'balanceOf', args: [wallet, gameId] })) > 0n
        );
      }),
    async licensesHeldBy(wallet, gameIds) {
      if (gameIds.length === 0) return new Set();
      const balances = await chain.readContract({
        ...read,
        functionName: 'balanceOfBatch',
        args: [gameIds.map(() => wallet), [...gameIds]],
      });
      return new Set(gameIds.filter((_, i) => (balances[i] ?? 0n) > 0n).map(String));
    },
  };
}
