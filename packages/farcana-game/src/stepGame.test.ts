import { describe, expect, it } from 'vitest';
import { createGameState } from './createGameState';
import { PLAYER_ROW } from './field';
import type { GameState } from './GameState';
import { DODGE_POINTS, GEM_POINTS, stepGame } from './stepGame';

const seed = `0x${'7e'.repeat(32)}`;

function withObject(kind: 'gem' | 'rock', lane: number): GameState {
  const state = createGameState(seed, 'classic');
  state.ticksToSpawn = 1_000;
  state.objects = [{ id: 99, kind, lane, y: PLAYER_ROW - 1 }];
  return state;
}

describe('stepGame', () => {
  it('catches a gem in the player lane for points and a combo', () => {
    const state = stepGame(withObject('gem', 2));
    expect(state).toMatchObject({ score: GEM_POINTS, combo: 1, gems: 1, objects: [] });
  });

  it('takes a life and breaks the combo when a rock hits', () => {
    const state = withObject('rock', 2);
    state.combo = 4;
    stepGame(state);
    expect(state).toMatchObject({ lives: 2, hits: 1, combo: 0, score: 0 });
  });

  it('scores a dodge when the player steps out of a rock lane in time', () => {
    const state = stepGame(withObject('rock', 2), 'left');
    expect(state).toMatchObject({ lane: 1, lives: 3, score: DODGE_POINTS });
  });

  it('keeps the player on the field', () => {
    const state = createGameState(seed, 'classic');
    for (let i = 0; i < 5; i++) stepGame(state, 'left');
    expect(state.lane).toBe(0);
  });

  it('ends the round when the lives run out, and then stops changing', () => {
    const state = withObject('rock', 2);
    state.lives = 1;
    stepGame(state);
    expect(state.over).toBe(true);
    const tick = state.tick;
    stepGame(state, 'left');
    expect(state.tick).toBe(tick);
  });

  it('ends the round after its ticks', () => {
    const state = createGameState(seed, 'sprint');
    state.lives = 1_000;
    while (!state.over) stepGame(state);
    expect(state.tick).toBe(state.rules.roundTicks);
  });
});
