import { createPlayableRun } from '../createPlayableRun';
import { LANES, PLAYER_ROW } from '../field';
import type { GameState, Move } from '../GameState';
import type { GameMode } from '../gameModes';
import type { InputEvent } from '../InputEvent';

const LOOKAHEAD = 320_000;

function laneDanger(state: GameState, lane: number): number {
  let danger = 0;
  for (const object of state.objects) {
    if (object.lane !== lane || object.y > PLAYER_ROW || object.y < PLAYER_ROW - LOOKAHEAD) continue;
    danger += object.kind === 'rock' ? 100 : -10;
  }
  return danger;
}

function chooseMove(state: GameState): Move | undefined {
  let best = state.lane;
  for (let lane = 0; lane < LANES; lane++) {
    const cost = laneDanger(state, lane) + Math.abs(lane - state.lane) * 3;
    const bestCost = laneDanger(state, best) + Math.abs(best - state.lane) * 3;
    if (cost < bestCost) best = lane;
  }
  if (best < state.lane) return 'left';
  if (best > state.lane) return 'right';
  return undefined;
}

/**
 * Plays a whole round as a simple greedy player through the live-run API, as a person at the
 * keyboard would: the honest run the replay tests compare against.
 */
export function playWithBot(
  seed: string,
  mode: GameMode,
): { score: number; ticks: number; inputs: InputEvent[] } {
  const run = createPlayableRun(seed, mode);
  while (!run.state.over) {
    const move = chooseMove(run.state);
    if (move) run.press(move);
    run.advance();
  }
  return { score: run.state.score, ticks: run.state.tick, inputs: run.inputs };
}
