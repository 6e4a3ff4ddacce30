import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import { LRUCache } from 'lru-cache';
import type { Address, PublicClient } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';
import { BaseError } from '../errors/BaseError.js';
import type { Balances } from '../ledger/getBalances.js';
import type { ReservationAdmission } from '../ledger/reserve.js';
import type { AdmissionCondition } from '../ledger/reserveInOneRoundTrip.js';
import { readSettlementEpoch } from '../settlement/readSettlementEpoch.js';
import { assessSpendingAuthorization } from './assessSpendingAuthorization.js';
import { createChainViewCache } from './createChainViewCache.js';
import { minSpendingAuthorizationValiditySeconds } from './minSpendingAuthorizationValiditySeconds.js';
import {
  type OnChainSpendingAuthorization,
  readOnChainSpendingAuthorization,
} from './readOnChainSpendingAuthorization.js';
import { readSpendingCheck, type SpendingCheck } from './readSpendingCheck.js';
import { spendingAdmissionCondition } from './spendingAdmissionCondition.js';
import { spendingAuthorizationRefusal } from './spendingAuthorizationRefusal.js';
import { spendingHeadroomWei } from './spendingHeadroomWei.js';

/**
 * How long the on-chain part of an authorization is trusted without reading the chain again, for
 * changes no settlement batch of ours makes: a user who submits a signed authorization to the
 * contract directly, or revokes one (the contract lets a revocation bite only after an hour's grace,
 * so what is admitted meanwhile still settles).
 */
const SPENDING_AUTHORIZATION_CHAIN_MAX_AGE_MS = 10_000;
/** Users and wallets remembered per guard; the least recently used are forgotten beyond this. */
const CACHE_LIMIT = 10_000;
/** A reservation that raced a batch landing is tried again with a fresh chain view, at most this often. */
const MAX_ATTEMPTS = 3;

export type SpendingAuthorizationGuardOptions = {
  db: Db;
  publicClient: PublicClient;
  deployments: Pick<Deployments, 'contracts'>;
  /**
   * How long (seconds) the authorization must still be able to settle a charge for it to be
   * admitted; default {@link minSpendingAuthorizationValiditySeconds} of the batcher's defaults.
   */
  minValiditySeconds?: bigint;
  /** Local clock in ms (tests). */
  now?: () => number;
};

type SpendingUser = { userId: string; walletAddress: Address };

/** The on-chain authorization as read, and the settlement epoch seen before reading it. */
type ChainView = OnChainSpendingAuthorization & {
  blockTimestamp: bigint;
  readAt: number;
  epoch: bigint;
};

/** The spending check sent with the reservation's lock statement (see ReservationAdmission). */
type EarlyCheck = { withUnsettled: boolean; check: Promise<SpendingCheck> };

/** What this user's escrow holds by the ledger: deposits − withdrawals − settled charges. */
type EscrowView = { escrowWei: bigint; depositsStamp: string; epoch: bigint };

/** The chain changed under a reservation (a batch landed): try again with a fresh view. */
class ChainViewStale extends Error {}

export type SpendingAuthorizationGuard = {
  /**
   * Runs `reserveWith(admission)` — a ledger `reserve` given this admission — so that the
   * reservation is made only if the user's signed spending authorization covers every charge that
   * could follow: unsettled charges + open reservations + `estimate` ≤ cap. Tried again if a
   * settlement batch lands meanwhile.
   *
   * @throws BaseError `spending_authorization_required` (402) when it does not fit; ChainError when
   *   the chain cannot be read.
   */
  reserveWithin<T>(
    user: SpendingUser,
    estimate: bigint,
    reserveWith: (admission: ReservationAdmission) => Promise<T>,
  ): Promise<T>;
};

/**
 * The per-request spending-authorization check, at one database statement in the common case
 * instead of two chain reads and a sum over the ledger. It runs inside the reservation, under the
 * lock of the user's ledger accounts, so two requests of one user can no longer both pass it on the
 * same headroom.
 *
 * Why the cached parts cannot admit a charge the authorization cannot cover:
 *
 * - The headroom is cap − unsettled − reserved, and unsettled + reserved = escrow − available, where
 *   escrow = deposits − withdrawals − settled charges. Reserving, capturing, releasing and settling a
 *   reservation never change escrow; `available` is read under the lock. So escrow is remembered per
 *   user and recomputed (the one sum over the ledger) only when it can have changed: a deposit or
 *   withdrawal (every one posts to the single `chain_deposits` account, whose row version and
 *   balance are compared), or a settlement batch landing.
 * - Landings are tracked by the settlement epoch: the highest batch number recorded as landed. It
 *   is read in the same statement as everything else, and the on-chain allowance is tagged with the
 *   epoch read *before* it, so an allowance that may predate a landing the ledger already counts is
 *   never combined with that ledger: the reservation is retried with a fresh chain read.
 * - Only the authorization on chain counts: one merely stored could be overtaken by any other
 *   nonce the user submits first (POST /api/spending-authorization puts it on chain before storing
 *   it when the API holds the coordinator's key, and invalidates this view).
 * - A charge is admitted only while the live authorization can still settle it for
 *   `minValiditySeconds`, and within the lower cap when a reduction is scheduled (see
 *   assessSpendingAuthorization: the user can cancel a scheduled one, so it is never counted on for
 *   validity): the batcher then has several periods to collect it before the user may withdraw.
 * - What is left: changes made on chain by the user directly (submitting a lower cap themselves, or
 *   revoking, which only bites after the contract's one-hour grace) are seen within
 *   {@link SPENDING_AUTHORIZATION_CHAIN_MAX_AGE_MS}, on every replica (each keeps its own caches,
 *   and every check above is against the shared database).
 *
 * Once it remembers the escrow for the current epoch, the check goes to the database as one SQL
 * condition (spendingAdmissionCondition: the same epoch and deposits stamp, and the reservation
 * within cap − escrow + available), evaluated inside the reservation's one round trip
 * (reserveInOneRoundTrip); whatever it refuses, `admit` decides again, two round trips later.
 *
 * Another kind of posting on user accounts than these would have to join the deposits stamp.
 *
 * @param options - database, chain client, deployments, the chain view's maximum age.
 * @returns the guard; give it to `startInference` as `spendingAuthorization`.
 * @example
 * const guard = createSpendingAuthorizationGuard({ db, publicClient, deployments });
 * await guard.reserveWithin(user, estimate, (admission) => reserve(db, { userId, amount: estimate, idempotencyKey, admission }));
 */
export function createSpendingAuthorizationGuard(
  options: SpendingAuthorizationGuardOptions,
): SpendingAuthorizationGuard {
  const now = options.now ?? Date.now;
  const minValiditySeconds = options.minValiditySeconds ?? minSpendingAuthorizationValiditySeconds();
  const escrows = new LRUCache<string, EscrowView>({ max: CACHE_LIMIT });
  const chainViews = createChainViewCache<ChainView>({
    read: (wallet) => readChainView(options, wallet as Address, now),
    maxAgeMs: SPENDING_AUTHORIZATION_CHAIN_MAX_AGE_MS,
    limit: CACHE_LIMIT,
    now,
  });

  const assess = (view: ChainView) => assessChainView(view, now(), minValiditySeconds);

  /** Escrow by the ledger, reused while no deposit, withdrawal or landing can have changed it. */
  const escrowOf = async (
    tx: Db,
    user: SpendingUser,
    view: ChainView,
    balances: Balances,
    early: EarlyCheck | undefined,
  ) => {
    // The remembered escrow can serve only the epoch it was taken in; otherwise sum at once.
    const remembered = escrows.get(user.userId);
    const reusable = remembered?.epoch === view.epoch ? remembered : undefined;
    // The check sent with the lock serves when it summed, or when a remembered escrow needs no sum.
    let check =
      early && (early.withUnsettled || reusable)
        ? await early.check
        : await readSpendingCheck(tx, user.userId, !reusable);
    if (check.epoch !== view.epoch) return undefined;
    if (reusable && reusable.depositsStamp === check.depositsStamp) return reusable.escrowWei;
    if (check.unsettledWei === null) check = await readSpendingCheck(tx, user.userId, true);
    if (check.unsettledWei === null) throw new Error('spending authorization check returned no sum');
    if (check.epoch !== view.epoch) return undefined;
    // Under the lock, available and reserved are exactly what this snapshot of the ledger holds.
    const escrowWei = check.unsettledWei + balances.reserved + balances.available;
    escrows.set(user.userId, { escrowWei, depositsStamp: check.depositsStamp, epoch: view.epoch });
    return escrowWei;
  };

  const admit = async (
    tx: Db,
    user: SpendingUser,
    wallet: string,
    view: ChainView,
    balances: Balances,
    estimate: bigint,
    early: EarlyCheck | undefined,
  ) => {
    const { chainNow, capWei, validUntil, admits } = assess(view);
    const escrowWei = await escrowOf(tx, user, view, balances, early);
    if (escrowWei === undefined) {
      chainViews.forget(wallet, view);
      throw new ChainViewStale();
    }
    const { headroomWei: headroom, leftWei } = spendingHeadroomWei({
      capWei,
      admits,
      escrowWei,
      ...balances,
    });
    if (leftWei < estimate) {
      throw spendingAuthorizationRefusal({
        capWei,
        admits,
        validUntil,
        chainNow,
        headroomWei: headroom,
        reservedWei: balances.reserved,
        estimateWei: estimate,
      });
    }
  };

  return {
    async reserveWithin(user, estimate, reserveWith) {
      const wallet = user.walletAddress.toLowerCase();
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        const { view, remembered } = await chainViews.get(wallet);
        try {
          let early: EarlyCheck | undefined;
          return await reserveWith({
            // The usual read goes out with the lock statement: one round trip less per reservation.
            readUnderLock: (tx) => {
              const withUnsettled = escrows.get(user.userId)?.epoch !== view.epoch;
              const check = readSpendingCheck(tx, user.userId, withUnsettled);
              // A failure shows where it is awaited, or fails the transaction it was sent in anyway.
              check.catch(() => {});
              early = { withUnsettled, check };
            },
            admit: (tx, balances, readRanUnderLock) =>
              admit(tx, user, wallet, view, balances, estimate, readRanUnderLock ? early : undefined),
            condition: () => admissionCondition(escrows.get(user.userId), view.epoch, assess(view)),
          });
        } catch (error) {
          // A refusal is never made on a remembered view: the authorization may have been put on
          // chain since (by POST /api/spending-authorization on any replica, or by the user).
          if (isRefusal(error) && remembered && !refreshed) {
            refreshed = true;
            chainViews.forget(wallet, view);
            continue;
          }
          if (!(error instanceof ChainViewStale) || attempt >= MAX_ATTEMPTS) {
            if (error instanceof ChainViewStale) {
              throw new BaseError(
                'service_unavailable',
                'Settlements are landing faster than this request could be admitted; try again',
              );
            }
            throw error;
          }
        }
      }
    },
  };
}

/** The authorization as of chain time now (from the block read and the local clock since). */
function assessChainView(view: ChainView, nowMs: number, minValiditySeconds: bigint) {
  const chainNow = view.blockTimestamp + BigInt(Math.floor((nowMs - view.readAt) / 1000));
  const assessment = assessSpendingAuthorization({
    live: view,
    scheduled: view.scheduled,
    now: chainNow,
    minValiditySeconds,
  });
  return { chainNow, ...assessment };
}

/**
 * `admit` as one SQL condition, when the escrow remembered for the view's epoch makes it one and
 * the authorization admits at all; else undefined, and `admit` decides (and names a refusal).
 */
function admissionCondition(
  remembered: EscrowView | undefined,
  epoch: bigint,
  assessment: { capWei: bigint; admits: boolean },
): AdmissionCondition | undefined {
  if (remembered?.epoch !== epoch || !assessment.admits) return undefined;
  return spendingAdmissionCondition({ capWei: assessment.capWei, ...remembered });
}

/** Reads the on-chain authorization and the chain's time, tagged with the settlement epoch seen before. */
async function readChainView(
  options: SpendingAuthorizationGuardOptions,
  wallet: Address,
  now: () => number,
): Promise<ChainView> {
  // The epoch is read first: a batch that lands after it changes the epoch the check compares.
  const epoch = await readSettlementEpoch(options.db);
  try {
    const [onChain, block] = await Promise.all([
      readOnChainSpendingAuthorization(options.publicClient, options.deployments, wallet),
      options.publicClient.getBlock({ blockTag: 'latest' }),
    ]);
    return { ...onChain, blockTimestamp: block.timestamp, readAt: now(), epoch };
  } catch (error) {
    throw explainChainError(error);
  }
}

const isRefusal = (error: unknown) =>
  error instanceof BaseError && error.code === 'spending_authorization_required';
