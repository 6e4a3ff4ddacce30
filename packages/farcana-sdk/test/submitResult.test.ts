import { deployContracts, devAccount, farTokenAbi, tournamentPoolAbi } from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { type Address, parseEther, stringToHex, zeroHash } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResult, FarcanaSdkError, readTournament, signResult, submitResult } from '../src/index.js';

// Another game plugs into Far's TournamentPool with its own server key: the admin approves that key,
// an organiser names it as a tournament's game server, and the game's server signs and posts the ranking.
describe('a game server posting results with the SDK', () => {
  let chain: InProcessChain;
  let pool: Address;
  const otherGame = devAccount(7);
  const admin = devAccount(0).address;
  const organiser = devAccount(3).address;
  const players = [devAccount(4).address, devAccount(5).address, devAccount(6).address];

  const send = async (from: Address, request: Record<string, unknown>) => {
    const hash = await chain.walletFor(from).writeContract(request as never);
    return chain.publicClient.waitForTransactionReceipt({ hash });
  };

  beforeAll(async () => {
    chain = await createInProcessChain();
    const deployed = await deployContracts({
      walletClient: chain.walletFor(admin),
      publicClient: chain.publicClient,
    });
    const address = deployed.serviceContracts.tournamentPool;
    if (!address) throw new Error('no TournamentPool deployed');
    pool = address;
    await send(admin, {
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'setGameServer',
      args: [otherGame.address, true],
    });
    for (const player of players) {
      await send(admin, {
        address: deployed.farToken,
        abi: farTokenAbi,
        functionName: 'transfer',
        args: [player, parseEther('100')],
      });
      await send(player, {
        address: deployed.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [pool, parseEther('100')],
      });
    }
  });

  async function endedTournament() {
    const now = Number(await chain.latestTimestamp());
    await send(organiser, {
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'createTournament',
      args: [
        {
          gameServer: otherGame.address,
          entryFee: parseEther('5'),
          startTime: now + 60,
          endTime: now + 3660,
          minPlayers: 2,
          maxPlayers: 10,
          disputeWindow: 3600,
          modeId: stringToHex('kart-race', { size: 32 }),
          metadataHash: zeroHash,
          prizeBps: [7000, 3000],
        },
      ],
    });
    const id = await chain.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'tournamentCount',
    });
    for (const player of players)
      await send(player, { address: pool, abi: tournamentPoolAbi, functionName: 'enter', args: [id] });
    return id;
  }

  it('signs and posts a ranking, opening the dispute window', async () => {
    const id = await endedTournament();
    const result = await signResult({
      account: otherGame,
      chainId: 31337,
      pool,
      tournamentId: id,
      ranking: [players[2] as Address, players[0] as Address],
    });
    await expect(checkResult(chain.publicClient, pool, result)).rejects.toMatchObject({
      code: 'NOT_ACCEPTING_RESULTS',
    });
    await chain.increaseTime(3700);
    const tournament = await readTournament(chain.publicClient, pool, id);
    expect(tournament).toMatchObject({
      mode: 'kart-race',
      entrants: 3,
      status: 'open',
      gameServer: otherGame.address,
    });
    const sender = devAccount(9).address;
    const submitted = await submitResult({
      publicClient: chain.publicClient,
      walletClient: chain.walletFor(sender),
      pool,
      result,
    });
    expect(submitted.disputeEndsAt.getTime()).toBeGreaterThan(Date.now() - 1);
    const [ranking] = await chain.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'results',
      args: [id],
    });
    expect(ranking).toEqual(result.ranking);
    expect((await readTournament(chain.publicClient, pool, id)).status).toBe('results_posted');
  });

  it('refuses, before sending, a ranking with a non-entrant, a duplicate or too many places, and a foreign key', async () => {
    const id = await endedTournament();
    await chain.increaseTime(3700);
    const sign = (ranking: Address[], account = otherGame) =>
      signResult({ account, chainId: 31337, pool, tournamentId: id, ranking });
    const [a, b, c] = players as [Address, Address, Address];
    for (const ranking of [[a, organiser], [a, a], [a, b, c], []]) {
      await expect(checkResult(chain.publicClient, pool, await sign(ranking))).rejects.toMatchObject({
        code: 'INVALID_RANKING',
      });
    }
    const foreign = await sign([a, b], devAccount(8));
    const error = await checkResult(chain.publicClient, pool, foreign).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarcanaSdkError);
    expect(error).toMatchObject({ code: 'NOT_GAME_SERVER' });
    await expect(readTournament(chain.publicClient, pool, 999n)).rejects.toMatchObject({
      code: 'UNKNOWN_TOURNAMENT',
    });
  });
});
