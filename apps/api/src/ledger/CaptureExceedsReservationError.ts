import { BaseError } from '../errors/BaseError.js';

/**
 * A capture asked for more than the reservation still holds. The caller must reserve enough up
 * front (prompt + max_tokens); charging beyond it would take money the user never agreed to.
 * HTTP 409 `conflict`.
 */
export class CaptureExceedsReservationError extends BaseError {
  override name = 'CaptureExceedsReservationError';
  readonly reservationId: string;
  readonly remaining: bigint;
  readonly requested: bigint;

  constructor(reservationId: string, remaining: bigint, requested: bigint) {
    super(
      'conflict',
      `Capture of ${requested} wei exceeds the ${remaining} wei left on reservation ${reservationId}`,
      {
        details: {
          reason: 'capture_exceeds_reservation',
          reservationId,
          remaining: remaining.toString(),
          requested: requested.toString(),
        },
      },
    );
    this.reservationId = reservationId;
    this.remaining = remaining;
    this.requested = requested;
  }
}
