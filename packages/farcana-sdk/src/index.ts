// @far/farcana-sdk: what another game's server needs to pay its tournaments out of Far's TournamentPool:
// read a tournament, sign the ranking it verified with its own key, check it, and post it on chain.
export { checkResult } from './checkResult.js';
export { FarcanaSdkError, type FarcanaSdkErrorCode } from './FarcanaSdkError.js';
export { readTournament, type TournamentInfo, type TournamentStatus } from './readTournament.js';
export { type RelayResultParameters, relayResult } from './relayResult.js';
export { type SignedResult, type SignResultParameters, signResult } from './signResult.js';
export { type SubmitResultParameters, type SubmittedResult, submitResult } from './submitResult.js';
