import {
  devAccount,
  farTokenAbi,
  signTournamentResult,
  tournamentPoolAbi,
  tournamentPoolDomain,
} from '@far/contracts';
import { relayResult, signResult } from '@far/farcana-sdk';
import { OpenAPIHono } from '@hono/zod-openapi';
import { type Address, type Hex, parseEther, stringToHex, zeroHash } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../src/errors/toErrorResponse.js';
import type { AppEnv } from '../../src/http/appEnv.js';
import { resultRelayRoutes } from '../../src/services/gaming/chain/resultRelayRoutes.js';
import { type ChainTestbed, createChainTestbed } from '../support/createChainTestbed.js';

// Another game's server hands its signed ranking to the API, which checks it as the pool would and
// posts it; a ranking the pool would refuse is refused before any gas is spent.
describe('POST /api/gaming/tournaments/{id}/results', () => {
  let bed: ChainTestbed;
  let pool: Address;
  let app: OpenAPIHono<AppEnv>;
  const otherGame = devAccount(7);

  const call = (from: Address, functionName: string, args: readonly unknown[]) =>
    bed.send(from, { address: pool, abi: tournamentPoolAbi, functionName, args });

  beforeAll(async () => {
    bed = await createChainTestbed();
    const address = bed.deployments.contracts.tournamentPool;
    if (!address) throw new Error('no TournamentPool deployed');
    pool = address;
    await call(bed.coordinator, 'setGameServer', [otherGame.address, true]);
    app = new OpenAPIHono<AppEnv>();
    app.onError((error, c) => {
      const response = toErrorResponse(error);
      return c.json(response.body, response.status as 400);
    });
    app.route('/', resultRelayRoutes({ chain: bed.publicClient, wallet: bed.coordinatorWallet, pool }));
  });

  async function tournament(ended: boolean) {
    const now = await bed.chain.latestTimestamp();
    await call(bed.users[0] as Address, 'createTournament', [
      {
        gameServer: otherGame.address,
        entryFee: parseEther('1'),
        startTime: Number(now + 60n),
        endTime: Number(now + 3660n),
        minPlayers: 2,
        maxPlayers: 8,
        disputeWindow: 3600,
        modeId: stringToHex('chess-blitz', { size: 32 }),
        metadataHash: zeroHash,
        prizeBps: [10_000],
      },
    ]);
    const id = await bed.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'tournamentCount',
    });
    for (const player of bed.users.slice(1, 3)) {
      await bed.send(player, {
        address: bed.deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [pool, parseEther('1')],
      });
      await call(player, 'enter', [id]);
    }
    if (ended) await bed.chain.increaseTime(3700n);
    return id;
  }
  const relay = async (id: bigint, ranking: Address[], signer = otherGame) => {
    const signature: Hex = await signTournamentResult(
      signer.signTypedData,
      tournamentPoolDomain(31337, pool),
      {
        tournamentId: id,
        ranking,
      },
    );
    return app.request(`/api/gaming/tournaments/${id}/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ranking, signature }),
    });
  };

  it("posts another game's signed ranking and opens the dispute window", async () => {
    const id = await tournament(true);
    const winner = bed.users[2] as Address;
    const response = await relay(id, [winner]);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { transactionHash: string; disputeEndsAt: string };
    expect(body.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    const [ranking] = await bed.publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'results',
      args: [id],
    });
    expect(ranking).toEqual([winner]);
    expect((await relay(id, [winner])).status).toBe(409);
  });

  it("takes the SDK's relayResult, and gives its error codes back", async () => {
    const id = await tournament(true);
    const viaApp = (url: string, init: RequestInit) => Promise.resolve(app.request(url, init));
    const sign = (ranking: Address[]) =>
      signResult({ account: otherGame, chainId: 31337, pool, tournamentId: id, ranking });
    await expect(
      relayResult({
        apiUrl: 'http://api.test',
        result: await sign([bed.users[5] as Address]),
        fetch: viaApp,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_RANKING' });
    const posted = await relayResult({
      apiUrl: 'http://api.test',
      result: await sign([bed.users[1] as Address]),
      fetch: viaApp,
    });
    expect(posted.disputeEndsAt.getTime()).toBeGreaterThan(0);
    await expect(
      relayResult({
        apiUrl: 'http://api.test',
        result: await sign([bed.users[1] as Address]),
        fetch: viaApp,
      }),
    ).rejects.toMatchObject({ code: 'NOT_ACCEPTING_RESULTS' });
  });

  it('refuses a foreign signer, a non-entrant, an unended or unknown tournament, before sending', async () => {
    const id = await tournament(true);
    const foreign = await relay(id, [bed.users[1] as Address], devAccount(8));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { details: { reason: 'NOT_GAME_SERVER' } } });
    expect((await relay(id, [bed.users[5] as Address])).status).toBe(422);
    expect((await relay(await tournament(false), [bed.users[1] as Address])).status).toBe(409);
    expect((await relay(999n, [bed.users[1] as Address])).status).toBe(404);
  });
});
