import {
  type Db,
  type GamedPlatform,
  gamedChainBuilds,
  gamedChainGames,
  gamedChainLicences,
  gamedChainPurchases,
} from '@far/db';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PublicClient } from 'viem';
import { readRegisteredGame } from './chain/readRegisteredGame.js';
import type { GamedChain, GameSales, GameTerms, PublishedBuild } from './GamedChain.js';

/**
 * Far GameD's view of `GameLicenses` for its routes, read from the chain follower's mirror
 * (`gamed_chain_*`): terms, published builds, sales and holders are rows, so a catalogue or
 * dashboard request costs queries, never a scan of the contract's logs. The one question the mirror
 * may not answer alone is whether a wallet holds a licence now (a download's gate), so `holdsLicense`
 * is given: the service passes `readLicenseHolder`, which reads the contract when the mirror is behind.
 * `registeredGame` reads the contract too, for a game the mirror has not seen yet (a page saved right
 * after registering it).
 *
 * @param deps - the database holding the mirror, and a client on the deployment's chain (for its clock).
 * @param contract - the deployed `GameLicenses`, and how to answer "does this wallet hold the licence now".
 * @example
 * const gamed = createGamedChain({ db: core.db, chain: core.chain }, { address, holdsLicense });
 */
export function createGamedChain(
  deps: { db: Db; chain: PublicClient },
  contract: { address: `0x${string}`; holdsLicense: GamedChain['holdsLicense'] },
): GamedChain {
  const { db } = deps;
  const licensesAddress = contract.address.toLowerCase() as `0x${string}`;

  async function gameTerms(gameIds: readonly bigint[]) {
    const terms = new Map<string, GameTerms>();
    if (gameIds.length === 0) return terms;
    const rows = await db
      .select()
      .from(gamedChainGames)
      .where(
        and(
          eq(gamedChainGames.contractAddress, licensesAddress),
          inArray(gamedChainGames.gameId, gameIds.map(String)),
        ),
      );
    for (const row of rows) {
      terms.set(row.gameId, {
        studio: row.studioAddress as `0x${string}`,
        priceWei: row.priceWei,
        royaltyBps: row.royaltyBps,
        soulbound: row.soulbound,
      });
    }
    return terms;
  }

  // Registered moments ago and not yet mirrored: one read of the contract, so a studio can save its
  // page at once instead of retrying until the follower catches up.
  const registeredGame = async (gameId: bigint) =>
    (await gameTerms([gameId])).get(gameId.toString()) ??
    readRegisteredGame(deps.chain, contract.address, gameId);

  async function publishedBuilds(gameId: bigint) {
    const rows = await db
      .select()
      .from(gamedChainBuilds)
      .where(
        and(
          eq(gamedChainBuilds.contractAddress, licensesAddress),
          eq(gamedChainBuilds.gameId, gameId.toString()),
        ),
      )
      .orderBy(desc(gamedChainBuilds.version));
    const builds: Partial<Record<GamedPlatform, PublishedBuild>> = {};
    // Newest version first: the first row of a platform is the build a download must match.
    for (const row of rows) {
      builds[row.platform] ??= {
        sha256: row.sha256,
        sizeBytes: row.sizeBytes,
        version: row.version,
        publishedAt: row.publishedAt,
      };
    }
    return builds;
  }

  async function gameSales(gameIds: readonly bigint[]) {
    const sales = new Map<string, GameSales>(
      gameIds.map((id) => [String(id), { sold: 0, refunded: 0, grossWei: 0n }]),
    );
    if (gameIds.length === 0) return sales;
    const refunded = sql`${gamedChainPurchases.status} = 'refunded'`;
    const rows = await db
      .select({
        gameId: gamedChainPurchases.gameId,
        sold: sql<number>`count(*)`.mapWith(Number),
        refunded: sql<number>`count(*) filter (where ${refunded})`.mapWith(Number),
        // Summed as numeric and read back as text: exact, whatever the magnitude.
        grossWei: sql<string>`coalesce(sum(${gamedChainPurchases.priceWei}) filter (where not ${refunded}), 0)::text`,
      })
      .from(gamedChainPurchases)
      .where(
        and(
          eq(gamedChainPurchases.contractAddress, licensesAddress),
          inArray(gamedChainPurchases.gameId, gameIds.map(String)),
        ),
      )
      .groupBy(gamedChainPurchases.gameId);
    for (const row of rows)
      sales.set(row.gameId, { sold: row.sold, refunded: row.refunded, grossWei: BigInt(row.grossWei) });
    return sales;
  }

  return {
    licensesAddress,
    gameTerms,
    registeredGame,
    publishedBuilds,
    gameSales,
    holdsLicense: contract.holdsLicense,
    async licensesHeldBy(wallet, gameIds) {
      if (gameIds.length === 0) return new Set();
      const rows = await db
        .select({ gameId: gamedChainLicences.gameId })
        .from(gamedChainLicences)
        .where(
          and(
            eq(gamedChainLicences.contractAddress, licensesAddress),
            eq(gamedChainLicences.holderAddress, wallet.toLowerCase()),
            inArray(gamedChainLicences.gameId, gameIds.map(String)),
          ),
        );
      return new Set(rows.map((row) => row.gameId));
    },
    async chainTime() {
      const block = await deps.chain.getBlock({ blockTag: 'latest' });
      return new Date(Number(block.timestamp) * 1000);
    },
  };
}
