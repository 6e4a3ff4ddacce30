import {
  devAccount,
  farTokenAbi,
  signTournamentResult,
  tournamentPoolAbi,
  tournamentPoolDomain,
} from '@far/contracts';
import {
  chainCursors,
  createTestDb,
  gamingChainDisputes,
  gamingChainEntries,
  gamingChainTournaments,
  revenueStreams,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq, like } from 'drizzle-orm';
import { type Address, parseEther, stringToHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/createLogger.js';
import type { GamingChainNotice } from '../../src/services/gaming/chain/GamingChainNotice.js';
import { startGamingChainFollower } from '../../src/services/gaming/chain/startGamingChainFollower.js';
import { summarizeGamingRevenue } from '../../src/services/gaming/chain/summarizeGamingRevenue.js';
import { type ChainTestbed, createChainTestbed } from '../support/createChainTestbed.js';

const logger = createLogger('silent');
const ENTRY_FEE = parseEther('10');
const HOUR = 3600n;

describe.each(testDrivers())('gaming chain follower on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  let pool: Address;
  const notices: GamingChainNotice[] = [];
  const credits: { channel: string; message: unknown }[] = [];

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    const address = bed.deployments.contracts.tournamentPool;
    if (!address) throw new Error('no TournamentPool in the deployment');
    pool = address;
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const follower = () => {
    const started = startGamingChainFollower(
      {
        db: testDb.db,
        chain: bed.publicClient,
        deployments: bed.deployments,
        logger,
        config: { CHAIN_CONFIRMATIONS: 1 },
        bus: {
          publish: async (channel, message) => {
            if (channel === 'gaming:chain') notices.push(message as GamingChainNotice);
            else credits.push({ channel, message });
          },
        },
      },
      { poll: false },
    );
    if (!started) throw new Error('follower not started');
    return started;
  };
  const player = (i: number) => bed.users[i + 1] as Address;
  const organiser = () => bed.users[0] as Address;
  const poolCall = (from: Address, functionName: string, args: readonly unknown[]) =>
    bed.send(from, { address: pool, abi: tournamentPoolAbi, functionName, args });
  const passTo = async (timestamp: bigint) => {
    const now = await bed.chain.latestTimestamp();
    if (timestamp > now) await bed.chain.increaseTime(timestamp - now);
  };

  /** A tournament with three entrants, ended, its ranking posted by the coordinator's key. */
  async function playedTournament() {
    const now = await bed.chain.latestTimestamp();
    const endTime = now + 60n + HOUR;
    await poolCall(organiser(), 'createTournament', [
      {
        gameServer: bed.coordinator,
        entryFee: ENTRY_FEE,
        startTime: Number(now + 60n),
        endTime: Number(endTime),
        minPlayers: 2,
        maxPlayers: 8,
        disputeWindow: Number(HOUR),
        modeId: stringToHex('classic', { size: 32 }),
        metadataHash: zeroHash,
        prizeBps: [6000, 4000],
      },
    ]);
    const id = await bed.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'tournamentCount',
    });
    const entrants = [player(0), player(1), player(2)];
    for (const entrant of entrants) {
      await bed.send(entrant, {
        address: bed.deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [pool, ENTRY_FEE],
      });
      await poolCall(entrant, 'enter', [id]);
    }
    await passTo(endTime);
    const ranking = [player(1), player(0)];
    const signature = await signTournamentResult(
      devAccount(0).signTypedData,
      tournamentPoolDomain(31337, pool),
      {
        tournamentId: id,
        ranking,
      },
    );
    await poolCall(organiser(), 'submitResults', [id, ranking, signature]);
    return { id, ranking };
  }

  it('mirrors a tournament from creation to a claimed prize, with the fee as gaming revenue', async () => {
    const { id, ranking } = await playedTournament();
    await follower().syncOnce();
    const key = eq(gamingChainTournaments.tournamentId, id.toString());
    const [posted] = await testDb.db.select().from(gamingChainTournaments).where(key);
    expect(posted).toMatchObject({
      status: 'results_posted',
      entrants: 3,
      poolWei: 3n * ENTRY_FEE,
      mode: 'classic',
    });
    expect(posted?.prizeBps).toEqual([6000, 4000]);
    await passTo(BigInt(Math.floor((posted?.disputeEndsAt?.getTime() ?? 0) / 1000)));
    await poolCall(ranking[0] as Address, 'claim', [id]);
    expect(await follower().syncOnce()).toBeGreaterThan(0);

    const entries = await testDb.db
      .select()
      .from(gamingChainEntries)
      .where(eq(gamingChainEntries.tournamentId, id.toString()));
    const winner = entries.find((entry) => entry.playerAddress === ranking[0]?.toLowerCase());
    // 30 FAR pool, 10 % fee: 27 FAR of prizes, 60/40.
    expect(winner).toMatchObject({ rank: 1, prizeWei: parseEther('16.2'), claimedWei: parseEther('16.2') });
    expect(entries.find((entry) => entry.rank === null)?.playerAddress).toBe(player(2).toLowerCase());
    const revenue = await summarizeGamingRevenue(testDb.db, null);
    expect(revenue).toEqual({ revenueFarWei: parseEther('3'), stakersFarWei: parseEther('1.5') });
    const prizes = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'gaming'));
    expect(prizes.map((row) => [row.streamType, row.amountFarWei])).toEqual([
      ['gaming_prize', parseEther('16.2')],
    ]);
    expect(
      notices.some((notice) => notice.event === 'PrizeClaimed' && notice.prizeWei === parseEther('16.2')),
    ).toBe(true);
    expect(credits).toContainEqual({
      channel: 'revenue:updates',
      message: expect.objectContaining({
        walletAddress: ranking[0]?.toLowerCase(),
        streamType: 'gaming_prize',
      }),
    });
  });

  it('records a dispute and its resolution', async () => {
    const { id } = await playedTournament();
    await poolCall(player(2), 'dispute', [id, 'I was faster']);
    await follower().syncOnce();
    const [disputed] = await testDb.db
      .select()
      .from(gamingChainTournaments)
      .where(eq(gamingChainTournaments.tournamentId, id.toString()));
    expect(disputed?.status).toBe('disputed');
    await poolCall(bed.coordinator, 'resolveDispute', [id, true, [player(2)]]);
    await follower().syncOnce();
    const [dispute] = await testDb.db
      .select()
      .from(gamingChainDisputes)
      .where(eq(gamingChainDisputes.tournamentId, id.toString()));
    expect(dispute).toMatchObject({
      reason: 'I was faster',
      outcome: 'upheld',
      disputedBy: player(2).toLowerCase(),
    });
    const ranked = await testDb.db
      .select()
      .from(gamingChainEntries)
      .where(eq(gamingChainEntries.tournamentId, id.toString()));
    expect(ranked.filter((entry) => entry.rank !== null).map((entry) => entry.playerAddress)).toEqual([
      player(2).toLowerCase(),
    ]);
  });

  it('rebuilds the mirror when the chain is not the one followed, without counting a prize twice', async () => {
    const before = await testDb.db.select().from(gamingChainEntries);
    await testDb.db
      .update(chainCursors)
      .set({ deployBlockHash: `0x${'1'.repeat(64)}` })
      .where(like(chainCursors.name, 'gaming:%'));
    await follower().syncOnce();
    const after = await testDb.db.select().from(gamingChainEntries);
    expect(after.length).toBe(before.length);
    const prizes = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'gaming'));
    expect(prizes).toHaveLength(1);
  });
});
