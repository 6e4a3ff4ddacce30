import { randomBytes } from 'node:crypto';
import { farTokenAbi, tournamentPoolAbi } from '@far/contracts';
import {
  createTestDb,
  gamingResultSubmissions,
  gamingRuns,
  gamingSeeds,
  type TestDbHandle,
  users,
} from '@far/db';
import { type Address, parseEther, stringToHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/createLogger.js';
import { postTournamentResults } from '../../src/services/gaming/postTournamentResults.js';
import type { TournamentDirectory, TournamentSlot } from '../../src/services/gaming/TournamentDirectory.js';
import { type ChainTestbed, createChainTestbed } from '../support/createChainTestbed.js';

// After a tournament ends, the game server ranks entrants by their verified runs only, signs that
// ranking and posts it once; the pool accepts it because the coordinator is its approved game server.
describe('postTournamentResults', () => {
  let bed: ChainTestbed;
  let testDb: TestDbHandle;
  let pool: Address;

  beforeAll(async () => {
    bed = await createChainTestbed();
    testDb = await createTestDb();
    const address = bed.deployments.contracts.tournamentPool;
    if (!address) throw new Error('no TournamentPool deployed');
    pool = address;
  });
  afterAll(async () => {
    await testDb?.close();
  });

  async function run(wallet: Address, tournamentId: string, score: number, status: 'verified' | 'rejected') {
    const walletAddress = wallet.toLowerCase();
    const [user] = await testDb.db
      .insert(users)
      .values({ walletAddress })
      .onConflictDoUpdate({ target: users.walletAddress, set: { walletAddress } })
      .returning();
    const userId = user?.id ?? '';
    const [seed] = await testDb.db
      .insert(gamingSeeds)
      .values({
        seed: `0x${randomBytes(32).toString('hex')}`,
        userId,
        mode: 'sprint',
        tournamentId,
        expiresAt: new Date(),
        closedAt: new Date(),
        closedAs: 'submitted',
      })
      .returning();
    await testDb.db.insert(gamingRuns).values({
      seedId: seed?.id ?? '',
      userId,
      walletAddress,
      mode: 'sprint',
      tournamentId,
      season: '2026-12',
      claimedScore: score,
      status,
      score: status === 'verified' ? score : null,
      inputLog: '',
    });
  }

  it('ranks entrants by verified score, posts the signed ranking on chain, and never posts twice', async () => {
    const now = await bed.chain.latestTimestamp();
    await bed.send(bed.users[0] as Address, {
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'createTournament',
      args: [
        {
          gameServer: bed.coordinator,
          entryFee: parseEther('10'),
          startTime: Number(now + 10n),
          endTime: Number(now + 3_600n),
          minPlayers: 1,
          maxPlayers: 10,
          disputeWindow: 3_600,
          modeId: stringToHex('sprint', { size: 32 }),
          metadataHash: zeroHash,
          prizeBps: [6_000, 4_000],
        },
      ],
    });
    const id = await bed.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'tournamentCount',
    });
    const [alice, bob, carol] = bed.users.slice(1, 4) as [Address, Address, Address];
    for (const player of [alice, bob, carol]) {
      await bed.send(player, {
        address: bed.deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [pool, parseEther('10')],
      });
      await bed.send(player, { address: pool, abi: tournamentPoolAbi, functionName: 'enter', args: [id] });
    }
    const tid = id.toString();
    await run(alice, tid, 300, 'verified');
    await run(alice, tid, 900, 'verified');
    await run(bob, tid, 500, 'verified');
    // Carol's forged 10,000 was rejected: it must not rank her first.
    await run(carol, tid, 10_000, 'rejected');
    await run(carol, tid, 100, 'verified');
    await bed.chain.increaseTime(3_700n);

    const slot: TournamentSlot = {
      id: tid,
      mode: 'sprint',
      startsAt: new Date(0),
      endsAt: new Date(0),
      places: 2,
    };
    const tournaments: TournamentDirectory = {
      find: async () => slot,
      isEntrant: async () => true,
      awaitingResults: async () => [slot],
      entrants: async () => [alice, bob, carol].map((wallet) => wallet.toLowerCase()),
      earnings: async () => 0n,
    };
    const deps = {
      db: testDb.db,
      tournaments,
      chain: bed.publicClient,
      wallet: bed.coordinatorWallet,
      chainId: 31337,
      pool,
      logger: createLogger('silent'),
    };
    await postTournamentResults(deps, new Date());
    const [ranking] = await bed.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'results',
      args: [id],
    });
    expect(ranking.map((wallet) => wallet.toLowerCase())).toEqual([alice.toLowerCase(), bob.toLowerCase()]);
    const [row] = await testDb.db.select().from(gamingResultSubmissions);
    expect(row).toMatchObject({ tournamentId: tid, status: 'confirmed' });

    // The mirror has not caught up yet: the pass sees the tournament again and sends nothing.
    await postTournamentResults(deps, new Date());
    expect(await testDb.db.select().from(gamingResultSubmissions)).toHaveLength(1);
  });
});
