/** Stable codes a game server can switch on; messages are for people. */
export type FarcanaSdkErrorCode =
  /** No such tournament in the pool. */
  | 'UNKNOWN_TOURNAMENT'
  /** The tournament cannot take results now (not ended, already posted, cancelled, too late). */
  | 'NOT_ACCEPTING_RESULTS'
  /** The signing key is not the tournament's game server, or is no longer approved. */
  | 'NOT_GAME_SERVER'
  /** The ranking names a non-entrant or a wallet twice, is empty, or is longer than the prize table. */
  | 'INVALID_RANKING'
  /** The pool refused the transaction for another reason (the revert's error name is in `details`). */
  | 'SUBMISSION_REVERTED';

/**
 * The one error type thrown by `@far/farcana-sdk`.
 *
 * @example
 * try { await submitResult(...) } catch (e) { if (e instanceof FarcanaSdkError && e.code === 'INVALID_RANKING') ... }
 */
export class FarcanaSdkError extends Error {
  override name = 'FarcanaSdkError' as const;
  readonly code: FarcanaSdkErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(
    code: FarcanaSdkErrorCode,
    shortMessage: string,
    options: { cause?: unknown; details?: string | undefined } = {},
  ) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}
