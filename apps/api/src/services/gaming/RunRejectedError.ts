import type { InputLogRejection } from '@far/farcana-game';
import { BaseError, type ErrorCode } from '../../errors/BaseError.js';

/** Why the server refused a seed request or a run; `details.reason` in the error body. */
export type RunRejection =
  | InputLogRejection
  | 'score_mismatch'
  | 'seed_not_issued_to_caller'
  | 'seed_already_used'
  | 'seed_expired'
  | 'seed_abandoned'
  | 'run_in_progress'
  | 'tournament_not_found'
  | 'tournament_not_live'
  | 'not_an_entrant';

const statusOf: Record<RunRejection, ErrorCode> = {
  input_log_malformed: 'validation_failed',
  input_log_too_long: 'validation_failed',
  too_many_inputs: 'validation_failed',
  ticks_not_increasing: 'validation_failed',
  tick_outside_round: 'validation_failed',
  inputs_too_fast: 'validation_failed',
  score_mismatch: 'validation_failed',
  // Someone else's seed answers like an unknown one, so seeds cannot be probed.
  seed_not_issued_to_caller: 'not_found',
  seed_already_used: 'conflict',
  seed_expired: 'conflict',
  seed_abandoned: 'conflict',
  run_in_progress: 'conflict',
  tournament_not_found: 'not_found',
  tournament_not_live: 'conflict',
  not_an_entrant: 'forbidden',
};

/**
 * A run or seed request Farcana refuses, with a stable `reason` a client can switch on beside the
 * API's generic `code` (422 for a log or score that does not replay, 409 for a seed that is spent).
 */
export class RunRejectedError extends BaseError {
  override name = 'RunRejectedError';
  readonly reason: RunRejection;

  constructor(reason: RunRejection, message: string) {
    super(statusOf[reason], message, { details: { reason } });
    this.reason = reason;
  }
}
