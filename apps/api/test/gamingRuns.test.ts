import {
  decodeInputLog,
  encodeInputLog,
  GAME_MODES,
  type GameMode,
  maxEncodedInputLogLength,
  simulateRun,
} from '@far/farcana-game';
import { playWithBot } from '@far/farcana-game/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGamingTestApp } from './support/createGamingTestApp.js';
import { postJson, signIn } from './support/signIn.js';

type Harness = Awaited<ReturnType<typeof createGamingTestApp>>;
type Player = Awaited<ReturnType<typeof signIn>>;

let harness: Harness;
let alice: Player;
let bob: Player;

beforeAll(async () => {
  harness = await createGamingTestApp();
  alice = await signIn(harness.app);
  bob = await signIn(harness.app);
});
afterAll(async () => {
  await harness?.close();
});

const auth = (player: Player) => ({ authorization: `Bearer ${player.accessToken}` });

async function startRun(player: Player, body: Record<string, unknown> = {}) {
  const response = await postJson(harness.app, '/api/gaming/seeds', body, auth(player));
  return {
    status: response.status,
    body: (await response.json()) as { seed: string; mode: 'classic' | 'sprint' } & Record<string, unknown>,
  };
}

async function submit(player: Player, body: { seed: string; inputLog: string; claimedScore: number }) {
  const response = await postJson(harness.app, '/api/gaming/runs', body, auth(player));
  const json = (await response.json()) as {
    score?: number;
    status?: string;
    error?: { code: string; details?: { reason?: string } };
  };
  return { status: response.status, json, reason: json.error?.details?.reason };
}

/** An honest run on a fresh seed: what the browser would play and send. */
async function honestRun(player: Player, body: Record<string, unknown> = {}) {
  const { body: issued } = await startRun(player, body);
  const played = playWithBot(issued.seed, issued.mode);
  return {
    seed: issued.seed,
    mode: issued.mode,
    inputLog: encodeInputLog(played.inputs),
    claimedScore: played.score,
  };
}

describe('Farcana runs', () => {
  it('verifies an honest run by replay and stores exactly the score the client showed', async () => {
    const run = await honestRun(alice, { mode: 'sprint' });
    const result = await submit(alice, run);
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({ status: 'verified', score: run.claimedScore, mode: 'sprint' });
    const mine = await harness.app.request('/api/gaming/my/runs', { headers: auth(alice) });
    expect(((await mine.json()) as { data: unknown[] }).data[0]).toMatchObject({ score: run.claimedScore });
  });

  it('rejects a forged score, and the seed is spent by the attempt', async () => {
    const run = await honestRun(alice);
    const forged = await submit(alice, { ...run, claimedScore: run.claimedScore + 500 });
    expect(forged).toMatchObject({ status: 422, reason: 'score_mismatch' });
    expect(await submit(alice, run)).toMatchObject({ status: 409, reason: 'seed_already_used' });
  });

  it('rejects a reused seed', async () => {
    const run = await honestRun(alice);
    expect((await submit(alice, run)).status).toBe(201);
    expect(await submit(alice, run)).toMatchObject({ status: 409, reason: 'seed_already_used' });
  });

  it('rejects a seed issued to another player, without spending it', async () => {
    const run = await honestRun(alice);
    expect(await submit(bob, run)).toMatchObject({ status: 404, reason: 'seed_not_issued_to_caller' });
    expect((await submit(alice, run)).status).toBe(201);
  });

  it('rejects an edited input log whose replay no longer gives the claimed score', async () => {
    const run = await honestRun(alice);
    // The first single-move edit whose replay scores differently: some moves change nothing.
    const mode = run.mode as GameMode;
    const edits = [...run.inputLog].flatMap((c, i) =>
      c === 'L' || c === 'R'
        ? [`${run.inputLog.slice(0, i)}${c === 'L' ? 'R' : 'L'}${run.inputLog.slice(i + 1)}`]
        : [],
    );
    const edited = edits.find(
      (log) => simulateRun(run.seed, decodeInputLog(log, mode), mode).score !== run.claimedScore,
    );
    expect(edited).toBeDefined();
    expect(await submit(alice, { ...run, inputLog: edited ?? run.inputLog })).toMatchObject({
      status: 422,
      reason: 'score_mismatch',
    });
  });

  it('rejects an over-long log before replaying it', async () => {
    const { body } = await startRun(alice, { mode: 'sprint' });
    const inputLog = '30L'.repeat(Math.ceil(maxEncodedInputLogLength('sprint') / 3) + 1);
    expect(await submit(alice, { seed: body.seed, inputLog, claimedScore: 0 })).toMatchObject({
      status: 422,
      reason: 'input_log_too_long',
    });
  });

  it('rejects inputs faster than a person can press, moves outside the round and text that is no log', async () => {
    const cases: [string, string][] = [
      ['10L1R', 'inputs_too_fast'],
      [`${GAME_MODES.classic.roundTicks + 5}L`, 'tick_outside_round'],
      ['10L0R', 'ticks_not_increasing'],
      ['10Q', 'input_log_malformed'],
    ];
    for (const [inputLog, reason] of cases) {
      const { body } = await startRun(alice);
      expect(await submit(alice, { seed: body.seed, inputLog, claimedScore: 0 })).toMatchObject({
        status: 422,
        reason,
      });
    }
  });

  it('rejects a run submitted after its seed expired', async () => {
    const run = await honestRun(bob);
    const issuedAt = harness.clock.now;
    harness.clock.now = new Date(issuedAt.getTime() + 60 * 60 * 1000);
    try {
      expect(await submit(bob, run)).toMatchObject({ status: 409, reason: 'seed_expired' });
    } finally {
      harness.clock.now = new Date();
    }
  });

  it('abandons an open practice seed when a new one is issued', async () => {
    const first = await honestRun(bob);
    await honestRun(bob);
    expect(await submit(bob, first)).toMatchObject({ status: 409, reason: 'seed_abandoned' });
  });

  it('refuses a seed with a message the client can show when the request is invalid', async () => {
    expect((await startRun(alice, { mode: 'chess' })).status).toBe(422);
    expect((await postJson(harness.app, '/api/gaming/seeds', {})).status).toBe(401);
  });
});

describe('Farcana tournament runs', () => {
  // A player of their own: the others have spent their seeds-per-minute budget above.
  let erin: Player;
  beforeAll(async () => {
    erin = await signIn(harness.app);
  });
  const live = (id: string, mode: 'classic' | 'sprint' = 'sprint') => ({
    id,
    mode,
    startsAt: new Date(Date.now() - 60_000),
    endsAt: new Date(Date.now() + 60 * 60_000),
    places: 3,
  });

  it('lets only entrants play, one open run at a time, and ranks them on the tournament board', async () => {
    harness.tournaments.add(live('41'), [erin.user.walletAddress]);
    expect(await startRun(bob, { tournamentId: '41' })).toMatchObject({
      status: 403,
      body: { error: { details: { reason: 'not_an_entrant' } } },
    });
    const issued = await startRun(erin, { tournamentId: '41', mode: 'classic' });
    expect(issued).toMatchObject({ status: 201, body: { mode: 'sprint', tournamentId: '41' } });
    expect(await startRun(erin, { tournamentId: '41' })).toMatchObject({
      status: 409,
      body: { error: { details: { reason: 'run_in_progress' } } },
    });
    const played = playWithBot(issued.body.seed, 'sprint');
    const result = await submit(erin, {
      seed: issued.body.seed,
      inputLog: encodeInputLog(played.inputs),
      claimedScore: played.score,
    });
    expect(result.status).toBe(201);
    const board = await harness.app.request('/api/gaming/leaderboards?board=tournament:41');
    expect(await board.json()).toMatchObject({
      board: 'tournament:41',
      entries: [{ rank: 1, wallet: erin.user.walletAddress.toLowerCase(), score: played.score }],
    });
    expect((await startRun(erin, { tournamentId: '41' })).status).toBe(201);
  });

  it('refuses runs in a tournament that is not live or does not exist', async () => {
    harness.tournaments.add({ ...live('42'), startsAt: new Date(Date.now() + 60_000) }, [
      erin.user.walletAddress,
    ]);
    expect(await startRun(erin, { tournamentId: '42' })).toMatchObject({
      status: 409,
      body: { error: { details: { reason: 'tournament_not_live' } } },
    });
    expect(await startRun(erin, { tournamentId: '999' })).toMatchObject({
      status: 404,
      body: { error: { details: { reason: 'tournament_not_found' } } },
    });
  });
});

describe('Farcana rate limits, profiles and the live leaderboard', () => {
  it('limits how many runs a player starts in a minute', async () => {
    const carol = await signIn(harness.app);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await startRun(carol)).status);
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('binds a display name and avatar to the wallet and shows them with verified runs', async () => {
    const response = await harness.app.request('/api/gaming/my/profile', {
      method: 'PUT',
      headers: { ...auth(alice), 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Alice A.', avatar: 'comet' }),
    });
    expect(response.status).toBe(200);
    const profile = (await (
      await harness.app.request(`/api/gaming/profiles/${alice.user.walletAddress}`)
    ).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ displayName: 'Alice A.', avatar: 'comet', earningsWei: '0' });
    expect(profile.verifiedRuns).toBeGreaterThan(0);
  });

  it('pushes a board to live viewers as soon as a run on it verifies', async () => {
    const dave = await signIn(harness.app);
    const response = await harness.app.request(
      `/api/gaming/leaderboards/live?board=season:${new Date().toISOString().slice(0, 7)}:sprint`,
    );
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value);
      }
    };
    await readUntil('event: leaderboard');
    const run = await honestRun(dave, { mode: 'sprint' });
    expect((await submit(dave, run)).status).toBe(201);
    await readUntil(dave.user.walletAddress.toLowerCase());
    await reader.cancel();
  });
});
