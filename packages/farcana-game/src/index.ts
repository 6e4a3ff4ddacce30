// Relative imports here carry no `.js` extension: the web app compiles this package from its sources
// with Turbopack, which does not map `./x.js` to `./x.ts` (as @far/contracts/browser does the same).
export { createGameState } from './createGameState';
export { createPlayableRun, type PlayableRun } from './createPlayableRun';
export { GAME_SEED_PATTERN } from './createRandom';
export { decodeInputLog } from './decodeInputLog';
export { encodeInputLog } from './encodeInputLog';
export { FIELD_HEIGHT, LANES, PLAYER_ROW } from './field';
export type { FallingObject, GameState, Move } from './GameState';
export { GAME_MODES, type GameMode, gameModes, TICK_RATE } from './gameModes';
export type { InputEvent } from './InputEvent';
export { InputLogError, type InputLogRejection } from './InputLogError';
export {
  MAX_INPUTS_PER_SECOND,
  MIN_INPUT_GAP_TICKS,
  maxEncodedInputLogLength,
  maxInputEvents,
} from './inputLimits';
export { PLAYER_AVATARS, type PlayerAvatar } from './playerAvatars';
export { type RunResult, simulateRun } from './simulateRun';
export { stepGame } from './stepGame';
