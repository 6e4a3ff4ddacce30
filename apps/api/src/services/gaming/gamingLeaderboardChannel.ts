import { z } from 'zod';
import type { Bus } from '../../bus/Bus.js';

/**
 * The bus channel on which Farcana announces a leaderboard as a verified run changes it; the live
 * leaderboard route (`GET /api/gaming/leaderboards/live`) streams it to browsers. A message carries
 * the board's top places, not a delta, so a missed one leaves no page wrong for long.
 */
export const GAMING_LEADERBOARD_CHANNEL = 'gaming:leaderboard';

/** One leaderboard line as pages show it. */
export const LeaderboardLineSchema = z.object({
  rank: z.int().min(1),
  wallet: z.string().regex(/^0x[0-9a-f]{40}$/),
  score: z.int().min(0),
  displayName: z.string().max(32).nullable(),
  avatar: z.string().max(32).nullable(),
});

export const LeaderboardUpdateSchema = z.object({
  board: z.string().min(1).max(120),
  entries: z.array(LeaderboardLineSchema).max(100),
  at: z.iso.datetime(),
});

export type LeaderboardLine = z.output<typeof LeaderboardLineSchema>;
export type LeaderboardUpdate = z.output<typeof LeaderboardUpdateSchema>;

/**
 * Validates and publishes a board's top places on `gaming:leaderboard`.
 *
 * @param bus - the platform bus.
 * @param update - the board and its lines.
 */
export async function publishLeaderboard(
  bus: Pick<Bus, 'publish'>,
  update: LeaderboardUpdate,
): Promise<void> {
  await bus.publish(GAMING_LEADERBOARD_CHANNEL, LeaderboardUpdateSchema.parse(update));
}
