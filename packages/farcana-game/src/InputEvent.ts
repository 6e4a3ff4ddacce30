import type { Move } from './GameState';

/** One lane change in a recorded run: the tick it applies at and the direction. */
export type InputEvent = { tick: number; move: Move };
