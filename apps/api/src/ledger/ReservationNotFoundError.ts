import { BaseError } from '../errors/BaseError.js';

/** No reservation has this id. HTTP 404 `not_found`. */
export class ReservationNotFoundError extends BaseError {
  override name = 'ReservationNotFoundError';
  readonly reservationId: string;

  constructor(reservationId: string) {
    super('not_found', `Reservation ${reservationId} not found`, { details: { reservationId } });
    this.reservationId = reservationId;
  }
}
