import type { Move } from './GameState.js';

/** One lane change in a recorded run: the tick it applies at and the direction. */
export type InputEvent = { tick: number; move: Move };
