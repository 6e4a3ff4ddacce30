import { type Db, type GamedPlatform, gamedChainBuilds, gamedChainGames, gamedChainLicences } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { gamedPlatforms } from '../builds/buildRules.js';
import { applyGamedSaleEvent, type GamedChainOutcome } from './applyGamedSaleEvent.js';
import type { GamedChainNotice } from './GamedChainNotice.js';
import type { GamedChainEvent } from './readGamedChainEvents.js';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const NOTHING: GamedChainOutcome = { notices: [], credits: [] };

/**
 * Applies one GameLicenses event to the chain mirror, in the caller's transaction: the catalogue
 * (games, prices, metadata, builds) and licence holders here, sales and the marketplace in
 * `applyGamedSaleEvent`. Owner settings and approvals change nothing the mirror keeps.
 *
 * @param tx - the transaction the range and its cursor commit in.
 * @param contract - the GameLicenses address, lowercase.
 * @param event - the decoded event.
 * @returns the notices to ring and the credits to publish after the commit.
 * @example
 * const { notices, credits } = await applyGamedChainEvent(tx, contract, event);
 */
export async function applyGamedChainEvent(
  tx: Db,
  contract: string,
  event: GamedChainEvent,
): Promise<GamedChainOutcome> {
  const game = (gameId: bigint) =>
    and(eq(gamedChainGames.contractAddress, contract), eq(gamedChainGames.gameId, gameId.toString()));
  switch (event.eventName) {
    case 'GameRegistered': {
      const { args } = event;
      await tx
        .insert(gamedChainGames)
        .values({
          contractAddress: contract,
          gameId: args.gameId.toString(),
          studioAddress: args.studio.toLowerCase(),
          priceWei: args.price,
          royaltyBps: args.royaltyBps,
          soulbound: args.soulbound,
          metadataUri: args.metadataUri,
          registeredAt: event.at,
          registeredTransactionHash: event.transactionHash,
          updatedAt: event.at,
        })
        .onConflictDoNothing();
      return notify(contract, event, args.gameId, { studio: args.studio.toLowerCase() });
    }
    case 'PriceUpdated':
      await tx
        .update(gamedChainGames)
        .set({ priceWei: event.args.price, updatedAt: event.at })
        .where(game(event.args.gameId));
      return notify(contract, event, event.args.gameId);
    case 'URI':
      await tx
        .update(gamedChainGames)
        .set({ metadataUri: event.args.value, updatedAt: event.at })
        .where(game(event.args.id));
      return NOTHING;
    case 'BuildPublished': {
      const { args } = event;
      await tx
        .insert(gamedChainBuilds)
        .values({
          contractAddress: contract,
          gameId: args.gameId.toString(),
          platform: gamedPlatforms[args.platform] as GamedPlatform,
          version: args.version,
          sha256: args.sha256Hash.slice(2).toLowerCase(),
          sizeBytes: Number(args.sizeBytes),
          uri: args.uri,
          publishedAt: event.at,
          transactionHash: event.transactionHash,
        })
        .onConflictDoNothing();
      return notify(contract, event, args.gameId);
    }
    case 'TransferSingle':
      await moveLicence(tx, contract, event, event.args.id, event.args.from, event.args.to);
      return NOTHING;
    case 'TransferBatch':
      for (const id of event.args.ids)
        await moveLicence(tx, contract, event, id, event.args.from, event.args.to);
      return NOTHING;
    default:
      return applyGamedSaleEvent(tx, contract, event);
  }
}

/** A game-scoped notice with nothing more than the event itself. */
function notify(
  contract: string,
  event: GamedChainEvent,
  gameId: bigint,
  extra: Partial<GamedChainNotice> = {},
): GamedChainOutcome {
  return {
    notices: [
      {
        contractAddress: contract,
        gameId: gameId.toString(),
        event: event.eventName,
        at: event.at,
        ...extra,
      },
    ],
    credits: [],
  };
}

/** One licence leaves `from` (unless minted) and reaches `to` (unless burnt): one per wallet, so a row is a holder. */
async function moveLicence(
  tx: Db,
  contract: string,
  event: GamedChainEvent,
  gameId: bigint,
  from: string,
  to: string,
) {
  const id = gameId.toString();
  if (from !== ZERO_ADDRESS) {
    await tx
      .delete(gamedChainLicences)
      .where(
        and(
          eq(gamedChainLicences.contractAddress, contract),
          eq(gamedChainLicences.gameId, id),
          eq(gamedChainLicences.holderAddress, from.toLowerCase()),
        ),
      );
  }
  if (to !== ZERO_ADDRESS) {
    await tx
      .insert(gamedChainLicences)
      .values({
        contractAddress: contract,
        gameId: id,
        holderAddress: to.toLowerCase(),
        acquiredAt: event.at,
        acquiredTransactionHash: event.transactionHash,
      })
      .onConflictDoNothing();
  }
}
