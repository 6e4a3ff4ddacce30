import { FIELD_HEIGHT, LANES, PLAYER_ROW } from './field';
import type { FallingObject, GameState, Move } from './GameState';

/** Points for a gem before the combo multiplier, and for a rock that falls past the player. */
export const GEM_POINTS = 10;
export const DODGE_POINTS = 2;
/** The combo multiplier stops growing here, so one long streak cannot dwarf a whole round. */
const MAX_COMBO_MULTIPLIER = 10;

/** Linear ramp from `from` to `to` over the round, in integers (floor division). */
function ramp(state: GameState, from: number, to: number): number {
  return from + Math.trunc(((to - from) * state.tick) / state.rules.roundTicks);
}

function spawn(state: GameState, kind: FallingObject['kind'], lane: number): void {
  state.objects.push({ id: state.nextObjectId, kind, lane, y: 0 });
  state.nextObjectId += 1;
}

function spawnRow(state: GameState): void {
  const { random, rules } = state;
  const lane = random.below(LANES);
  spawn(state, random.below(100) < rules.gemPercent ? 'gem' : 'rock', lane);
  // In the second half a second rock may join the row, never in the same lane, so a row always
  // leaves at least three lanes free.
  if (state.tick * 2 >= rules.roundTicks && random.below(100) < 30) {
    spawn(state, 'rock', (lane + 1 + random.below(LANES - 1)) % LANES);
  }
}

function resolveCrossing(state: GameState, object: FallingObject): void {
  if (object.lane !== state.lane) {
    if (object.kind === 'rock') state.score += DODGE_POINTS;
    return;
  }
  if (object.kind === 'gem') {
    state.score += GEM_POINTS * Math.min(1 + state.combo, MAX_COMBO_MULTIPLIER);
    state.combo += 1;
    state.gems += 1;
  } else {
    state.lives -= 1;
    state.hits += 1;
    state.combo = 0;
  }
}

/**
 * Advances a round by one tick: applies the player's move, lets objects fall, scores what crossed
 * the player's row, spawns the next row. Integer arithmetic only, so a replay is exact. A round
 * that is over is left as it is.
 *
 * @param state The round, changed in place.
 * @param move The lane change pressed at this tick, if any.
 * @returns The same state, for chaining.
 * @example
 * const state = createGameState(seed, 'classic');
 * while (!state.over) stepGame(state, nextMove());
 */
export function stepGame(state: GameState, move?: Move): GameState {
  if (state.over) return state;
  if (move === 'left') state.lane = Math.max(0, state.lane - 1);
  if (move === 'right') state.lane = Math.min(LANES - 1, state.lane + 1);
  const speed = ramp(state, state.rules.startSpeed, state.rules.endSpeed);
  const falling: FallingObject[] = [];
  for (const object of state.objects) {
    const before = object.y;
    object.y += speed;
    if (before < PLAYER_ROW && object.y >= PLAYER_ROW) {
      resolveCrossing(state, object);
      // A caught gem or a rock that hit is gone; a passed object falls on out of the field.
      if (object.lane === state.lane) continue;
    }
    if (object.y < FIELD_HEIGHT) falling.push(object);
  }
  state.objects = falling;
  state.ticksToSpawn -= 1;
  if (state.ticksToSpawn <= 0) {
    spawnRow(state);
    state.ticksToSpawn = ramp(state, state.rules.startSpawnGap, state.rules.endSpawnGap);
  }
  state.tick += 1;
  if (state.lives <= 0 || state.tick >= state.rules.roundTicks) state.over = true;
  return state;
}
