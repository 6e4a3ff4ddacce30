import type { Random } from './createRandom';
import type { GameMode, GameModeRules } from './gameModes';

/** Something falling down a lane. */
export type FallingObject = {
  /** Stable within a run, for renderers that animate objects. */
  id: number;
  kind: 'gem' | 'rock';
  lane: number;
  /** Distance from the top in field units (0 … FIELD_HEIGHT). */
  y: number;
};

/** A lane change the player asks for at a tick. */
export type Move = 'left' | 'right';

/** Everything a round is at one tick; `stepGame` advances it. All numbers are integers. */
export type GameState = {
  mode: GameMode;
  rules: GameModeRules;
  random: Random;
  /** Ticks played so far. */
  tick: number;
  lane: number;
  lives: number;
  score: number;
  /** Gems caught in a row since the last rock; raises each gem's value. */
  combo: number;
  gems: number;
  hits: number;
  objects: FallingObject[];
  nextObjectId: number;
  ticksToSpawn: number;
  over: boolean;
};
