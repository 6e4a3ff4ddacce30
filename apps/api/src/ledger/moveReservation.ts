import { type CachedStatement, type Db, ledgerReservations } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { applyLedgerPostings, type LedgerPosting } from './applyLedgerPostings.js';
import { CaptureExceedsReservationError } from './CaptureExceedsReservationError.js';
import { groupLocksOf } from './groupLocks.js';
import { InvalidSplitError } from './InvalidSplitError.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import { ReservationClosedError } from './ReservationClosedError.js';
import { ReservationNotFoundError } from './ReservationNotFoundError.js';

/** How a charge is shared: the parts must add up to the amount captured. */
export type RevenueSplit = {
  /** gpu_nodes.id of the node that served; required when `node` > 0. */
  nodeId?: string;
  node: bigint;
  stakers: bigint;
  treasury: bigint;
  /**
   * A creator's share (a FarTwin twin's fee), credited to the creator's `creator_earnings`. The
   * settlement batch does not pay it yet: it collects node + stakers + treasury from escrow.
   */
  creator?: { userId: string; amount: bigint } | undefined;
};

export type ReservationMove = {
  /** Amount to charge out of the reservation, with its split; none for a pure release. */
  capture?: { amount: bigint; split: RevenueSplit };
  /** Give whatever is left back to the user's available balance and close the reservation. */
  releaseRest: boolean;
};

/**
 * The shared core of capture, release and settleReservation: locks the reservation, then the
 * accounts, checks the amounts and posts, with `also` (statements of the same operation that need
 * no answer; their placeholders not named `posting_…` or `move_…`) in the posting's round trip.
 * Runs inside {@link postLedgerTransaction}'s transaction.
 *
 * @returns what was captured and released.
 */
export async function moveReservation(
  tx: Db,
  transactionId: string,
  reservationId: string,
  move: ReservationMove,
  also: readonly CachedStatement[] = [],
): Promise<{ captured: bigint; released: bigint }> {
  // The reservation row is locked before the accounts, in every caller, to keep one lock order
  // (a group commit has locked and read it already: it is handed out once, see lendGroupLocks).
  const group = groupLocksOf(tx)?.reservations;
  const held = group?.get(reservationId);
  group?.delete(reservationId);
  const [reservation] = held
    ? [held]
    : await tx
        .select()
        .from(ledgerReservations)
        .where(eq(ledgerReservations.id, reservationId))
        .for('update');
  if (reservation === undefined) throw new ReservationNotFoundError(reservationId);
  if (reservation.status === 'closed') throw new ReservationClosedError(reservationId);

  const captured = move.capture?.amount ?? 0n;
  if (captured > reservation.remainingWei) {
    throw new CaptureExceedsReservationError(reservationId, reservation.remainingWei, captured);
  }
  const released = move.releaseRest ? reservation.remainingWei - captured : 0n;
  const remaining = reservation.remainingWei - captured - released;

  const reserved: LedgerAccountRef = { kind: 'user_reserved', userId: reservation.userId };
  const available: LedgerAccountRef = { kind: 'user_available', userId: reservation.userId };
  const refs: LedgerAccountRef[] = [reserved];
  const postings: LedgerPosting[] = [{ account: reserved, amount: -(captured + released) }];
  if (released > 0n) {
    refs.push(available);
    postings.push({ account: available, amount: released });
  }
  if (move.capture !== undefined) {
    const { amount, split } = move.capture;
    const creator = split.creator?.amount ?? 0n;
    if (split.node < 0n || split.stakers < 0n || split.treasury < 0n || creator < 0n) {
      throw new InvalidSplitError(amount, split.node, split.stakers, split.treasury);
    }
    if (split.node + split.stakers + split.treasury + creator !== amount) {
      throw new InvalidSplitError(amount, split.node, split.stakers, split.treasury);
    }
    if (split.creator && creator > 0n) {
      const earnings: LedgerAccountRef = { kind: 'creator_earnings', userId: split.creator.userId };
      refs.push(earnings);
      postings.push({ account: earnings, amount: creator });
    }
    const stakers: LedgerAccountRef = { kind: 'stakers_pool' };
    const treasury: LedgerAccountRef = { kind: 'treasury' };
    refs.push(stakers, treasury);
    postings.push({ account: stakers, amount: split.stakers }, { account: treasury, amount: split.treasury });
    if (split.node > 0n) {
      if (split.nodeId === undefined)
        throw new InvalidSplitError(amount, split.node, split.stakers, split.treasury);
      const node: LedgerAccountRef = { kind: 'node_earnings', nodeId: split.nodeId };
      refs.push(node);
      postings.push({ account: node, amount: split.node });
    }
  }

  const locked = await lockLedgerAccounts(tx, refs);
  await applyLedgerPostings(tx, transactionId, locked, postings, [
    {
      key: 'move-reservation',
      build: () =>
        tx
          .update(ledgerReservations)
          .set({
            remainingWei: sql`${sql.placeholder('move_remaining')}::numeric`,
            status: sql`${sql.placeholder('move_status')}`,
            updatedAt: sql`now()`,
          })
          .where(eq(ledgerReservations.id, sql.placeholder('move_reservation'))),
      values: {
        move_remaining: remaining.toString(),
        move_status: remaining === 0n ? 'closed' : 'open',
        move_reservation: reservationId,
      },
    },
    ...also,
  ]);
  return { captured, released };
}
