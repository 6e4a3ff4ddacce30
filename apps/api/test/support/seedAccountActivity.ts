import {
  type Db,
  desciChainEvents,
  desciChainProposals,
  desciProposalPages,
  gamedBuildUploads,
  gamedChainGames,
  gamedChainListings,
  gamedChainPurchases,
  gamedChainWithdrawals,
  gamedDownloads,
  gamedGamePages,
  gamingChainEntries,
  gamingChainTournaments,
  ledgerTransactions,
} from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { creditDeposit } from '../../src/ledger/creditDeposit.js';
import { debitWithdrawal } from '../../src/ledger/debitWithdrawal.js';

export const player = `0x${'aa'.repeat(20)}` as const;
export const studio = `0x${'bb'.repeat(20)}` as const;
const licenses = `0x${'11'.repeat(20)}`;
const escrow = `0x${'22'.repeat(20)}`;
const pool = `0x${'33'.repeat(20)}`;
export const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
export const FAR = 10n ** 18n;
/** Seconds after a fixed moment: chain mirrors keep block times, whole seconds. */
export const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

/**
 * The chain mirrors as the followers leave them after these events, and the player's two ledger
 * movements: what `GET /api/transactions` is tested against (transactionRoutes.test.ts).
 *
 * @param db - a migrated test database.
 * @param ids - the users of `player` and `studio`.
 */
export async function seedAccountActivity(db: Db, ids: { playerId: string; studioId: string }) {
  await seedLedger(db, ids.playerId);
  await seedGamed(db, ids);
  await seedDesci(db, ids.studioId);
  await seedGaming(db);
  await seedOtherSides(db);
}

/** The player's deposit (with microseconds, as the ledger keeps time) and withdrawal. */
async function seedLedger(db: Db, playerId: string) {
  await creditDeposit(db, {
    userId: playerId,
    amount: 100n * FAR,
    idempotencyKey: 'deposit:1',
    metadata: { txHash: hash(1) },
  });
  await debitWithdrawal(db, { userId: playerId, amount: 5n * FAR, idempotencyKey: 'withdraw:1' });
  // Ledger rows carry microseconds; the history pages by whole milliseconds.
  await db
    .update(ledgerTransactions)
    .set({ createdAt: sql`'2026-01-01T00:00:01.000400Z'` })
    .where(eq(ledgerTransactions.kind, 'deposit'));
  await db
    .update(ledgerTransactions)
    .set({ createdAt: at(10) })
    .where(eq(ledgerTransactions.kind, 'withdrawal'));
}

/** A game by the studio with its page; the player buys and refunds it and downloads it; the studio buys one. */
async function seedGamed(db: Db, ids: { playerId: string; studioId: string }) {
  const { playerId, studioId } = ids;
  await db.insert(gamedChainGames).values({
    contractAddress: licenses,
    gameId: '1',
    studioAddress: studio,
    priceWei: 10n * FAR,
    royaltyBps: 500,
    soulbound: false,
    metadataUri: 'ipfs://game',
    registeredAt: at(0),
    registeredTransactionHash: hash(2),
    updatedAt: at(0),
  });
  const [page] = await db
    .insert(gamedGamePages)
    .values({
      licensesAddress: licenses,
      chainGameId: '1',
      studioWallet: studio,
      studioUserId: studioId,
      studioName: 'Drift Works',
      slug: 'star-drift',
      title: 'Star Drift',
    })
    .returning({ id: gamedGamePages.id });
  const pageId = page?.id ?? '';
  await db.insert(gamedChainPurchases).values([
    {
      contractAddress: licenses,
      purchaseId: '1',
      gameId: '1',
      buyerAddress: player,
      priceWei: 10n * FAR,
      refundableUntil: at(100),
      status: 'refunded',
      purchasedAt: at(2),
      purchaseTransactionHash: hash(3),
      refundedAt: at(5),
    },
    {
      contractAddress: licenses,
      purchaseId: '2',
      gameId: '1',
      buyerAddress: studio,
      priceWei: 10n * FAR,
      refundableUntil: at(100),
      status: 'held',
      purchasedAt: at(3),
      purchaseTransactionHash: hash(4),
    },
  ]);
  const [upload] = await db
    .insert(gamedBuildUploads)
    .values({
      pageId,
      platform: 'linux',
      fileName: 'drift.tar',
      sizeBytes: 1,
      partSizeBytes: 1,
      hashState: {},
      storageKey: 'k',
      status: 'complete',
      createdBy: studioId,
    })
    .returning({ id: gamedBuildUploads.id });
  await db.insert(gamedDownloads).values({
    pageId,
    uploadId: upload?.id ?? '',
    userId: playerId,
    wallet: player,
    platform: 'linux',
    sha256: 'ab'.repeat(32),
    createdAt: at(5),
  });
}

/** The studio's proposal (it is the researcher), which the player backs. */
async function seedDesci(db: Db, studioId: string) {
  await db.insert(desciChainProposals).values({
    escrowAddress: escrow,
    proposalId: 7n,
    researcherAddress: studio,
    goalWei: 50n * FAR,
    deadline: at(1000),
    metadataHash: hash(5),
    reviewers: [],
    threshold: 1,
    milestoneCount: 1,
    currentMilestone: 0,
    status: 'funding',
    raisedWei: 3n * FAR,
    releasedWei: 0n,
    refundedWei: 0n,
    backerCount: 1,
    feeBps: 500,
    stakerShareBps: 5000,
    gracePeriodSeconds: 60,
    openedAt: at(0),
    openedTransactionHash: hash(6),
  });
  await db.insert(desciProposalPages).values({
    escrowAddress: escrow,
    proposalId: 7n,
    researcherUserId: studioId,
    researcherAddress: studio,
    metadataHash: hash(5),
    metadataJson: '{}',
    title: 'Soil microbes',
    abstract: '',
    field: 'biology',
    team: [],
    budgetNarrative: '',
    milestones: [],
    reviewers: [],
    threshold: 1,
  });
  await db.insert(desciChainEvents).values({
    escrowAddress: escrow,
    proposalId: 7n,
    eventName: 'ProposalBacked',
    actorAddress: player,
    amountWei: 3n * FAR,
    details: {},
    blockNumber: 9n,
    logIndex: 0,
    transactionHash: hash(7),
    occurredAt: at(5),
  });
}

/** A tournament the player entered and won, the prize claimed. */
async function seedGaming(db: Db) {
  await db.insert(gamingChainTournaments).values({
    poolAddress: pool,
    tournamentId: '1',
    organiserAddress: studio,
    gameServerAddress: studio,
    mode: 'classic',
    metadataHash: hash(8),
    entryFeeWei: 2n * FAR,
    startsAt: at(0),
    endsAt: at(7),
    minPlayers: 1,
    maxPlayers: 8,
    disputeWindowSeconds: 0,
    platformFeeBps: 1000,
    stakersShareBps: 5000,
    prizeBps: [10000],
    status: 'results_posted',
    entrants: 1,
    poolWei: 2n * FAR,
    createdAt: at(0),
    createdTransactionHash: hash(9),
  });
  await db.insert(gamingChainEntries).values({
    poolAddress: pool,
    tournamentId: '1',
    playerAddress: player,
    entryFeeWei: 2n * FAR,
    enteredAt: at(4),
    enteredTransactionHash: hash(10),
    rank: 1,
    prizeWei: 6n * FAR,
    claimedWei: 6n * FAR,
    claimedAt: at(8),
    claimTransactionHash: hash(11),
  });
}

/** A third and fourth wallet that resell a licence, get backing and an entry refunded. */
export const seller = `0x${'cc'.repeat(20)}` as const;
export const reseller = `0x${'dd'.repeat(20)}` as const;

/** The studio's and researcher's side (sale, royalty, withdrawal, release) and the refunds. */
async function seedOtherSides(db: Db) {
  await db.insert(gamedChainPurchases).values({
    contractAddress: licenses,
    purchaseId: '3',
    gameId: '1',
    buyerAddress: seller,
    priceWei: 10n * FAR,
    refundableUntil: at(11),
    status: 'settled',
    purchasedAt: at(6),
    purchaseTransactionHash: hash(12),
    settledAt: at(12),
    studioShareWei: 9n * FAR,
    stakersShareWei: FAR / 2n,
    treasuryShareWei: FAR / 2n,
  });
  await db.insert(gamedChainListings).values({
    contractAddress: licenses,
    listingId: '1',
    gameId: '1',
    sellerAddress: seller,
    priceWei: 8n * FAR,
    status: 'sold',
    listedAt: at(7),
    listedTransactionHash: hash(13),
    closedAt: at(13),
    buyerAddress: reseller,
    royaltyWei: FAR,
    stakersShareWei: FAR / 2n,
    treasuryShareWei: FAR / 2n,
    sellerProceedsWei: 6n * FAR,
    soldTransactionHash: hash(14),
  });
  await db.insert(gamedChainWithdrawals).values({
    contractAddress: licenses,
    transactionHash: hash(15),
    logIndex: 0,
    studioAddress: studio,
    amountWei: 9n * FAR,
    withdrawnAt: at(14),
  });
  const event = { escrowAddress: escrow, proposalId: 7n, details: {}, blockNumber: 10n };
  await db.insert(desciChainEvents).values([
    {
      ...event,
      eventName: 'MilestoneReleased',
      milestoneIndex: 0,
      amountWei: 4n * FAR,
      logIndex: 0,
      transactionHash: hash(16),
      occurredAt: at(15),
    },
    {
      ...event,
      eventName: 'UnfundedWithdrawn',
      actorAddress: seller,
      amountWei: FAR,
      logIndex: 1,
      transactionHash: hash(17),
      occurredAt: at(16),
    },
  ]);
  await db.insert(gamingChainEntries).values({
    poolAddress: pool,
    tournamentId: '1',
    playerAddress: seller,
    entryFeeWei: 2n * FAR,
    enteredAt: at(6),
    enteredTransactionHash: hash(18),
    refundedWei: 2n * FAR,
    refundedAt: at(17),
  });
}
