import { BaseError } from '../errors/BaseError.js';

/** The reservation was already fully captured or released. HTTP 409 `conflict`. */
export class ReservationClosedError extends BaseError {
  override name = 'ReservationClosedError';
  readonly reservationId: string;

  constructor(reservationId: string) {
    super('conflict', `Reservation ${reservationId} is already settled`, {
      details: { reason: 'reservation_closed', reservationId },
    });
    this.reservationId = reservationId;
  }
}
