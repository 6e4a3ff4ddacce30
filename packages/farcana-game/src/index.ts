export { createGameState } from './createGameState.js';
export { createPlayableRun, type PlayableRun } from './createPlayableRun.js';
export { GAME_SEED_PATTERN } from './createRandom.js';
export { decodeInputLog } from './decodeInputLog.js';
export { encodeInputLog } from './encodeInputLog.js';
export { FIELD_HEIGHT, LANES, PLAYER_ROW } from './field.js';
export type { FallingObject, GameState, Move } from './GameState.js';
export { GAME_MODES, type GameMode, gameModes, TICK_RATE } from './gameModes.js';
export type { InputEvent } from './InputEvent.js';
export { InputLogError, type InputLogRejection } from './InputLogError.js';
export {
  MAX_INPUTS_PER_SECOND,
  MIN_INPUT_GAP_TICKS,
  maxEncodedInputLogLength,
  maxInputEvents,
} from './inputLimits.js';
export { PLAYER_AVATARS, type PlayerAvatar } from './playerAvatars.js';
export { type RunResult, simulateRun } from './simulateRun.js';
export { stepGame } from './stepGame.js';
