import { GAME_SEED_PATTERN, gameModes, maxEncodedInputLogLength, PLAYER_AVATARS } from '@far/farcana-game';
import { z } from '@hono/zod-openapi';

const longestLog = Math.max(...gameModes.map((mode) => maxEncodedInputLogLength(mode)));

const TournamentIdSchema = z.string().regex(/^\d{1,78}$/, 'a tournament id is a decimal integer');
export const WalletSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
  .transform((value) => value.toLowerCase());

export const IssueSeedBodySchema = z
  .object({
    mode: z
      .enum(gameModes)
      .default('classic')
      .openapi({ description: 'Practice mode; a tournament plays its own' }),
    tournamentId: TournamentIdSchema.optional(),
  })
  .openapi('GamingSeedRequest');

export const IssuedSeedSchema = z
  .object({
    seedId: z.uuid(),
    seed: z.string(),
    mode: z.enum(gameModes),
    tournamentId: z.string().nullable(),
    roundTicks: z.int(),
    tickRate: z.int(),
    expiresAt: z.string(),
  })
  .openapi('GamingSeed');

export const SubmitRunBodySchema = z
  .object({
    seed: z.string().regex(GAME_SEED_PATTERN, 'a seed is 0x and 64 lower-case hex digits'),
    inputLog: z
      .string()
      .max(longestLog)
      .openapi({ description: 'encodeInputLog: tick deltas each followed by L or R', example: '12L30R' }),
    claimedScore: z.int().min(0).max(10_000_000),
  })
  .openapi('GamingRunSubmission');

export const RunSchema = z
  .object({
    runId: z.uuid(),
    status: z.enum(['verified', 'rejected']),
    mode: z.string(),
    tournamentId: z.string().nullable(),
    season: z.string(),
    claimedScore: z.int(),
    score: z.int().nullable(),
    ticks: z.int().nullable(),
    rejectReason: z.string().nullable(),
    submittedAt: z.string(),
  })
  .openapi('GamingRun');

export const ProfileBodySchema = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(2)
      .max(32)
      .regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, spaces, _ . - only'),
    avatar: z.enum(PLAYER_AVATARS),
  })
  .openapi('GamingProfileUpdate');
