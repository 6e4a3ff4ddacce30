/** Simulation ticks per second: every timing in the game is a whole number of ticks. */
export const TICK_RATE = 30;

/** The rules a round is played under; a tournament names one. */
export type GameModeRules = {
  /** As people read it. */
  label: string;
  /** Length of a round in ticks (60–120 s at `TICK_RATE`). */
  roundTicks: number;
  /** Fall speed at the start and at the end of the round, in field units per tick. */
  startSpeed: number;
  endSpeed: number;
  /** Ticks between two spawns at the start and at the end of the round. */
  startSpawnGap: number;
  endSpawnGap: number;
  /** Percent of spawns that are gems (the rest are rocks). */
  gemPercent: number;
  lives: number;
};

/**
 * The game modes. `classic` is 90 s at a gentle ramp, `sprint` 60 s that starts fast; both share
 * the same field, lanes and scoring, so a score is comparable within a mode.
 */
export const GAME_MODES = {
  classic: {
    label: 'Classic (90 s)',
    roundTicks: 90 * TICK_RATE,
    startSpeed: 9_000,
    endSpeed: 22_000,
    startSpawnGap: 18,
    endSpawnGap: 7,
    gemPercent: 35,
    lives: 3,
  },
  sprint: {
    label: 'Sprint (60 s)',
    roundTicks: 60 * TICK_RATE,
    startSpeed: 14_000,
    endSpeed: 26_000,
    startSpawnGap: 12,
    endSpawnGap: 6,
    gemPercent: 40,
    lives: 3,
  },
} as const satisfies Record<string, GameModeRules>;

/** A game mode's id. */
export type GameMode = keyof typeof GAME_MODES;

/** Every game mode id, for zod enums and pickers. */
export const gameModes = Object.keys(GAME_MODES) as [GameMode, ...GameMode[]];
