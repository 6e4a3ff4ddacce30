import { ContractsError } from './errors/ContractsError';

const BPS = 10_000n;

/** What decides a tournament's payouts: its terms and how many places the ranking fills. */
export type TournamentPayoutTerms = {
  entryFee: bigint;
  entrants: number;
  /** The pool's platform fee (copied into the tournament when it was created). */
  platformFeeBps: number;
  /** The stakers' share of the platform fee. */
  stakersShareBps: number;
  /** Rank 1 first; each > 0, summing to 10,000. */
  prizeBps: readonly number[];
  /** How many wallets the posted ranking lists (1 … prizeBps.length). */
  rankedCount: number;
};

/** The payouts, in wei: prizes[i] is rank i+1's; prizes sum to prizePool, prizePool + fee = pool. */
export type TournamentPayoutPlan = {
  pool: bigint;
  fee: bigint;
  stakers: bigint;
  treasury: bigint;
  prizePool: bigint;
  prizes: bigint[];
};

/**
 * Computes a tournament's payouts exactly as TournamentPool does: fee = pool × platform fee (rounded
 * down), stakers = fee × their share (rounded down), treasury = the rest of the fee; the filled places
 * share the prize pool in proportion to their table entries, rounded down, and the dust goes to rank 1.
 *
 * @param terms The tournament's terms and the ranking's length.
 * @returns The pool, fee split and each place's prize.
 * @throws {ContractsError} INVALID_PRIZE_TABLE for a table or ranking the contract would refuse,
 * INVALID_AMOUNT for a negative fee or player count.
 * @example
 * planTournamentPayouts({ entryFee: 100n, entrants: 3, platformFeeBps: 1000, stakersShareBps: 5000,
 *   prizeBps: [5000, 3000, 2000], rankedCount: 2 }).prizes // [169n, 101n]
 */
export function planTournamentPayouts(terms: TournamentPayoutTerms): TournamentPayoutPlan {
  const { prizeBps, rankedCount } = terms;
  if (terms.entryFee < 0n || !Number.isInteger(terms.entrants) || terms.entrants < 0) {
    throw new ContractsError('INVALID_AMOUNT', 'entry fee and entrants must be ≥ 0');
  }
  const sum = prizeBps.reduce((total, bps) => total + bps, 0);
  if (prizeBps.some((bps) => !Number.isInteger(bps) || bps <= 0) || sum !== Number(BPS)) {
    throw new ContractsError('INVALID_PRIZE_TABLE', 'prize shares must be positive and sum to 10,000 bps');
  }
  if (!Number.isInteger(rankedCount) || rankedCount < 1 || rankedCount > prizeBps.length) {
    throw new ContractsError('INVALID_PRIZE_TABLE', `a ranking of ${rankedCount} does not fit the table`);
  }
  const pool = terms.entryFee * BigInt(terms.entrants);
  const fee = (pool * BigInt(terms.platformFeeBps)) / BPS;
  const stakers = (fee * BigInt(terms.stakersShareBps)) / BPS;
  const prizePool = pool - fee;
  const filled = prizeBps.slice(0, rankedCount).map(BigInt);
  const filledBps = filled.reduce((total, bps) => total + bps, 0n);
  const prizes = filled.map((bps) => (prizePool * bps) / filledBps);
  const paid = prizes.reduce((total, prize) => total + prize, 0n);
  prizes[0] = (prizes[0] ?? 0n) + prizePool - paid;
  return { pool, fee, stakers, treasury: fee - stakers, prizePool, prizes };
}
