import {
  type Db,
  gamedChainGames,
  gamedChainListings,
  gamedChainPurchases,
  gamedChainWithdrawals,
} from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { GamedChainNotice } from './GamedChainNotice.js';
import type { GamedChainEvent } from './readGamedChainEvents.js';
import { type GamedCredit, gamedStreams, recordGamedCredit } from './recordGamedCredit.js';

/** What applying an event leaves to do after the commit: bus notices and revenue credits to publish. */
export type GamedChainOutcome = { notices: GamedChainNotice[]; credits: GamedCredit[] };

const lower = (address: string) => address.toLowerCase();

/**
 * Applies a money event of GameLicenses to the chain mirror: purchases (held, refunded, settled, with
 * the studio's share credited as `gamed_sale`), studio withdrawals, and the marketplace (listings, and
 * resales crediting the royalty to the studio and the proceeds to the seller). Other events: nothing.
 *
 * @param tx - the range's transaction.
 * @param contract - the GameLicenses address, lowercase.
 * @param event - the decoded event.
 * @returns the notices and credits to publish after the commit.
 * @example
 * return applyGamedSaleEvent(tx, contract, event);
 */
export async function applyGamedSaleEvent(
  tx: Db,
  contract: string,
  event: GamedChainEvent,
): Promise<GamedChainOutcome> {
  const notice = async (gameId: bigint, extra: Partial<GamedChainNotice>): Promise<GamedChainNotice> => {
    const [game] = await tx
      .select({ studio: gamedChainGames.studioAddress })
      .from(gamedChainGames)
      .where(
        and(eq(gamedChainGames.contractAddress, contract), eq(gamedChainGames.gameId, gameId.toString())),
      );
    return {
      contractAddress: contract,
      gameId: gameId.toString(),
      event: event.eventName,
      at: event.at,
      ...(game ? { studio: game.studio } : {}),
      ...extra,
    };
  };
  const context: SaleContext = { tx, contract, notice };
  switch (event.eventName) {
    case 'LicensePurchased':
    case 'LicenseRefunded':
    case 'PurchaseSettled':
      return applyPurchaseEvent(context, event);
    case 'StudioWithdrawal':
      await tx
        .insert(gamedChainWithdrawals)
        .values({
          contractAddress: contract,
          transactionHash: event.transactionHash,
          logIndex: event.logIndex,
          studioAddress: lower(event.args.studio),
          amountWei: event.args.amount,
          withdrawnAt: event.at,
        })
        .onConflictDoNothing();
      return { notices: [], credits: [] };
    case 'Listed':
    case 'ListingCancelled':
    case 'ListingSold':
      return applyListingEvent(context, event);
    default:
      return { notices: [], credits: [] };
  }
}

type SaleContext = {
  tx: Db;
  contract: string;
  notice: (gameId: bigint, extra: Partial<GamedChainNotice>) => Promise<GamedChainNotice>;
};

/** A purchase made (held), refunded, or settled (the studio's share credited as `gamed_sale`). */
async function applyPurchaseEvent(
  { tx, contract, notice }: SaleContext,
  event: Extract<GamedChainEvent, { eventName: 'LicensePurchased' | 'LicenseRefunded' | 'PurchaseSettled' }>,
): Promise<GamedChainOutcome> {
  const purchase = (purchaseId: bigint) =>
    and(
      eq(gamedChainPurchases.contractAddress, contract),
      eq(gamedChainPurchases.purchaseId, purchaseId.toString()),
    );
  if (event.eventName === 'LicensePurchased') {
    const { args } = event;
    await tx
      .insert(gamedChainPurchases)
      .values({
        contractAddress: contract,
        purchaseId: args.purchaseId.toString(),
        gameId: args.gameId.toString(),
        buyerAddress: lower(args.buyer),
        priceWei: args.price,
        refundableUntil: new Date(Number(args.refundableUntil) * 1000),
        status: 'held',
        purchasedAt: event.at,
        purchaseTransactionHash: event.transactionHash,
      })
      .onConflictDoNothing();
    return {
      notices: [await notice(args.gameId, { wallet: lower(args.buyer), amountWei: args.price })],
      credits: [],
    };
  }
  if (event.eventName === 'LicenseRefunded') {
    const { args } = event;
    await tx
      .update(gamedChainPurchases)
      .set({ status: 'refunded', refundedAt: event.at })
      .where(purchase(args.purchaseId));
    return {
      notices: [await notice(args.gameId, { wallet: lower(args.buyer), amountWei: args.price })],
      credits: [],
    };
  }
  const { args } = event;
  await tx
    .update(gamedChainPurchases)
    .set({
      status: 'settled',
      settledAt: event.at,
      studioShareWei: args.studioShare,
      stakersShareWei: args.stakersShare,
      treasuryShareWei: args.treasuryShare,
    })
    .where(purchase(args.purchaseId));
  const credit = {
    walletAddress: args.studio,
    streamType: gamedStreams.sale,
    amountFarWei: args.studioShare,
    at: event.at,
  };
  return {
    notices: [await notice(args.gameId, { amountWei: args.studioShare })],
    credits: args.studioShare > 0n ? [await recordGamedCredit(tx, credit, event.transactionHash)] : [],
  };
}

/** A listing opened, cancelled, or sold (a resale). */
async function applyListingEvent(
  context: SaleContext,
  event: Extract<GamedChainEvent, { eventName: 'Listed' | 'ListingCancelled' | 'ListingSold' }>,
): Promise<GamedChainOutcome> {
  const { tx, contract, notice } = context;
  const listing = and(
    eq(gamedChainListings.contractAddress, contract),
    eq(gamedChainListings.listingId, event.args.listingId.toString()),
  );
  if (event.eventName === 'ListingSold') return applyResale(tx, event, listing, notice);
  if (event.eventName === 'ListingCancelled') {
    await tx.update(gamedChainListings).set({ status: 'cancelled', closedAt: event.at }).where(listing);
    return { notices: [await notice(event.args.gameId, { wallet: lower(event.args.seller) })], credits: [] };
  }
  const { args } = event;
  await tx
    .insert(gamedChainListings)
    .values({
      contractAddress: contract,
      listingId: args.listingId.toString(),
      gameId: args.gameId.toString(),
      sellerAddress: lower(args.seller),
      priceWei: args.price,
      status: 'open',
      listedAt: event.at,
      listedTransactionHash: event.transactionHash,
    })
    .onConflictDoNothing();
  return {
    notices: [await notice(args.gameId, { wallet: lower(args.seller), amountWei: args.price })],
    credits: [],
  };
}

/** A sold listing: its split on the listing row, the royalty credited to the studio and the proceeds to the seller. */
async function applyResale(
  tx: Db,
  event: Extract<GamedChainEvent, { eventName: 'ListingSold' }>,
  where: ReturnType<typeof and>,
  notice: (gameId: bigint, extra: Partial<GamedChainNotice>) => Promise<GamedChainNotice>,
): Promise<GamedChainOutcome> {
  const { args } = event;
  await tx
    .update(gamedChainListings)
    .set({
      status: 'sold',
      closedAt: event.at,
      buyerAddress: lower(args.buyer),
      royaltyWei: args.royalty,
      stakersShareWei: args.stakersShare,
      treasuryShareWei: args.treasuryShare,
      sellerProceedsWei: args.sellerProceeds,
      soldTransactionHash: event.transactionHash,
    })
    .where(where);
  const sold = await notice(args.gameId, { wallet: lower(args.buyer), amountWei: args.price });
  const credits: GamedCredit[] = [];
  if (sold.studio && args.royalty > 0n) {
    const royalty = {
      walletAddress: sold.studio,
      streamType: gamedStreams.royalty,
      amountFarWei: args.royalty,
      at: event.at,
    };
    credits.push(await recordGamedCredit(tx, royalty, event.transactionHash));
  }
  if (args.sellerProceeds > 0n) {
    const proceeds = {
      walletAddress: args.seller,
      streamType: gamedStreams.resale,
      amountFarWei: args.sellerProceeds,
      at: event.at,
    };
    credits.push(await recordGamedCredit(tx, proceeds, event.transactionHash));
  }
  return { notices: [sold], credits };
}
