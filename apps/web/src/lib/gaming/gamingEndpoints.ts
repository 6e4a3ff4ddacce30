import type { GameMode } from '@far/farcana-game';
import { apiClient, bearer } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

// Farcana Game's API calls, typed from the API's own OpenAPI document.

/** Starts a run: a single-use seed from the server, for practice or a tournament you entered. */
export function requestSeed(accessToken: string, body: { mode: GameMode; tournamentId?: string }) {
  return readApiData(apiClient.POST('/api/gaming/seeds', { body, headers: bearer(accessToken) }), (seed) => ({
    ...seed,
    expiresAt: new Date(seed.expiresAt),
  }));
}

/** Sends a finished run (seed + input log + the score shown) for the server to replay. */
export function submitRun(
  accessToken: string,
  body: { seed: string; inputLog: string; claimedScore: number },
) {
  return readApiData(
    apiClient.POST('/api/gaming/runs', { body, headers: bearer(accessToken) }),
    (run) => run,
  );
}

/** A leaderboard's top places (`tournament:<id>` or `season:<YYYY-MM>:<mode>`). */
export function fetchLeaderboard(board: string) {
  return readApiData(
    apiClient.GET('/api/gaming/leaderboards', { params: { query: { board } } }),
    (data) => data,
  );
}

/** One leaderboard line. */
export type LeaderboardLine = Awaited<ReturnType<typeof fetchLeaderboard>>['entries'][number];

/** A player's profile: name, avatar, verified runs, prizes claimed (wei as bigint). */
export function fetchProfile(wallet: string) {
  return readApiData(
    apiClient.GET('/api/gaming/profiles/{wallet}', { params: { path: { wallet } } }),
    (profile) => ({ ...profile, earningsWei: BigInt(profile.earningsWei) }),
  );
}

/** Sets the signed-in player's display name and avatar. */
export function updateProfile(accessToken: string, body: { displayName: string; avatar: string }) {
  return readApiData(
    apiClient.PUT('/api/gaming/my/profile', { body: body as never, headers: bearer(accessToken) }),
    (profile) => profile,
  );
}

/** The pool's tournaments with their entries; wei as bigint and dates decoded here, once. */
export function fetchTournaments() {
  return readApiData(apiClient.GET('/api/gaming/tournaments'), (answer) => ({
    poolAddress: answer.poolAddress,
    gameServerAddress: answer.gameServerAddress,
    tournaments: answer.data.map((tournament) => ({
      ...tournament,
      entryFeeWei: BigInt(tournament.entryFeeWei),
      poolWei: BigInt(tournament.poolWei),
      startsAt: new Date(tournament.startsAt),
      endsAt: new Date(tournament.endsAt),
      entries: tournament.entries.map((entry) => ({
        ...entry,
        prizeWei: entry.prizeWei === null ? null : BigInt(entry.prizeWei),
        claimed: entry.claimedWei !== null,
      })),
    })),
  }));
}

/** One tournament as the list shows it. */
export type Tournament = Awaited<ReturnType<typeof fetchTournaments>>['tournaments'][number];
