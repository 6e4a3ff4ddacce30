import {
  type Db,
  desciChainEvents,
  desciChainProposals,
  desciProposalPages,
  gamedBuildUploads,
  gamedChainGames,
  gamedChainPurchases,
  gamedDownloads,
  gamedGamePages,
  gamingChainEntries,
  gamingChainTournaments,
  ledgerTransactions,
  users,
} from '@far/db';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db/testing';
import { OpenAPIHono } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { creditDeposit } from '../ledger/creditDeposit.js';
import { debitWithdrawal } from '../ledger/debitWithdrawal.js';
import { listDesciActivity } from '../services/desci/listDesciActivity.js';
import { listGamedActivity } from '../services/gamed/listGamedActivity.js';
import { listGamingActivity } from '../services/gaming/listGamingActivity.js';
import { transactionRoutes } from './transactionRoutes.js';

const player = `0x${'aa'.repeat(20)}` as const;
const studio = `0x${'bb'.repeat(20)}` as const;
const licenses = `0x${'11'.repeat(20)}`;
const escrow = `0x${'22'.repeat(20)}`;
const pool = `0x${'33'.repeat(20)}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const FAR = 10n ** 18n;
/** Seconds after a fixed moment: chain mirrors keep block times, whole seconds. */
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

type Item = {
  id: string;
  service: string;
  kind: string;
  amountWei: string;
  createdAt: string;
  txHash: string | null;
  subject: { id: string; title: string; href: string | null } | null;
};

/** The chain mirrors as the followers leave them after these events, and the ledger's two movements. */
async function seedHistory(db: Db, playerId: string, studioId: string) {
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

describe.each(testDrivers())('GET /api/transactions on %s', (driver) => {
  let database: TestDbHandle;
  let app: ReturnType<typeof transactionRoutes>;
  const callers = new Map<string, { userId: string; walletAddress: `0x${string}` }>();

  beforeAll(async () => {
    database = await createTestDb({ driver });
    const rows = await database.db
      .insert(users)
      .values([{ walletAddress: player }, { walletAddress: studio }])
      .returning();
    for (const row of rows)
      callers.set(row.walletAddress, { userId: row.id, walletAddress: row.walletAddress as `0x${string}` });
    await seedHistory(database.db, callers.get(player)?.userId ?? '', callers.get(studio)?.userId ?? '');
    app = transactionRoutes({
      db: database.db,
      activitySources: [listGamedActivity, listDesciActivity, listGamingActivity],
      requireCaller: async (c, next) => {
        const caller = callers.get(c.req.header('x-wallet') ?? '');
        if (!caller) return c.json({ error: { code: 'unauthorized', message: 'no caller' } }, 401);
        c.set('caller', caller);
        await next();
      },
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  async function page(wallet: string, query: string) {
    const response = await app.request(`/api/transactions?${query}`, { headers: { 'x-wallet': wallet } });
    expect(response.status).toBe(200);
    return (await response.json()) as { data: Item[]; nextCursor: string | null };
  }

  it("merges the ledger with the caller's service activity, newest first, with signed amounts", async () => {
    const { data, nextCursor } = await page(player, 'limit=50');
    expect(nextCursor).toBeNull();
    expect(
      data.map((item) => [item.service, item.kind, BigInt(item.amountWei) / FAR, item.createdAt]),
    ).toEqual([
      ['platform', 'withdrawal', -5n, at(10).toISOString()],
      ['gaming', 'tournament_prize', 6n, at(8).toISOString()],
      // Same block second: ties go by id, byte order (gamed:refund, gamed:download, desci:…).
      ['gamed', 'game_refund', 10n, at(5).toISOString()],
      ['gamed', 'game_download', 0n, at(5).toISOString()],
      ['desci', 'research_backing', -3n, at(5).toISOString()],
      ['gaming', 'tournament_entry', -2n, at(4).toISOString()],
      ['gamed', 'game_purchase', -10n, at(2).toISOString()],
      ['platform', 'deposit', 100n, '2026-01-01T00:00:01.000Z'],
    ]);
    const purchase = data.find((item) => item.kind === 'game_purchase');
    expect(purchase?.txHash).toBe(hash(3));
    expect(purchase?.subject).toEqual({ id: '1', title: 'Star Drift', href: '/gamed/star-drift' });
    expect(data.find((item) => item.kind === 'research_backing')?.subject).toEqual({
      id: '7',
      title: 'Soil microbes',
      href: '/desci/7',
    });
    expect(data.find((item) => item.kind === 'tournament_prize')).toMatchObject({
      txHash: hash(11),
      subject: { id: '1', title: 'Tournament #1 (classic)', href: '/gaming' },
    });
    expect(data.find((item) => item.kind === 'deposit')?.txHash).toBe(hash(1));
  });

  it('pages across the merge without skipping or repeating an item', async () => {
    const whole = (await page(player, 'limit=50')).data.map((item) => item.id);
    for (const limit of [1, 2, 3, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const next: { data: Item[]; nextCursor: string | null } = await page(
          player,
          `limit=${limit}${cursor ? `&before=${cursor}` : ''}`,
        );
        expect(next.data.length).toBeLessThanOrEqual(limit);
        seen.push(...next.data.map((item) => item.id));
        cursor = next.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
    }
    expect((await page(player, 'limit=8')).nextCursor).toBeNull();
  });

  it("shows nobody else's activity", async () => {
    const { data } = await page(studio, 'limit=50');
    expect(data.map((item) => [item.kind, BigInt(item.amountWei) / FAR])).toEqual([['game_purchase', -10n]]);
  });

  it('refuses a cursor it did not issue, in the one 422 shape', async () => {
    const root = new OpenAPIHono<AppEnv>();
    root.onError((error, c) => {
      const response = toErrorResponse(error);
      return c.json(response.body, response.status as 422);
    });
    root.route('/', app);
    const response = await root.request('/api/transactions?before=nonsense', {
      headers: { 'x-wallet': player },
    });
    expect(response.status).toBe(422);
  });
});
