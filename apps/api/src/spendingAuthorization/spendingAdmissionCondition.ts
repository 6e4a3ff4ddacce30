import { sql } from 'drizzle-orm';
import { chainDepositsStampSql } from '../ledger/chainDepositsStampSql.js';
import type { AdmissionCondition } from '../ledger/reserveInOneRoundTrip.js';
import { settlementEpochSql } from '../settlement/readSettlementEpoch.js';

/**
 * The spending-authorization admission as one SQL condition, for a reservation in one round trip
 * (reserveInOneRoundTrip), given an escrow remembered for the settlement epoch `epoch` at the
 * deposits stamp `depositsStamp`: the database checks both are still current, and that the
 * reservation fits the headroom (spendingHeadroomWei).
 *
 * With unsettled = escrow − available − reserved, `leftWei` ≥ estimate is cap − escrow + available
 * ≥ estimate when the cap exceeds the unsettled charges; otherwise the headroom is 0, and both
 * forms refuse (then cap − escrow + available ≤ −reserved ≤ 0, and an estimate is positive). So
 * one comparison, with the cap less the escrow as a parameter, is the whole check, for an
 * authorization that admits at all (the caller passes none other).
 *
 * @param terms - the cap of an authorization that admits, and the escrow as remembered.
 * @returns the condition.
 * @example
 * const condition = spendingAdmissionCondition({ capWei, escrowWei, depositsStamp, epoch });
 */
export function spendingAdmissionCondition(terms: {
  capWei: bigint;
  escrowWei: bigint;
  depositsStamp: string;
  epoch: bigint;
}): AdmissionCondition {
  return {
    key: 'spending-authorization',
    build: ({ available, amount }) => sql`${settlementEpochSql} = ${sql.placeholder('admission_epoch')}
        and ${chainDepositsStampSql()} = ${sql.placeholder('admission_stamp')}
        and ${sql.placeholder('admission_cap_less_escrow')}::numeric + ${available} >= ${amount}`,
    values: {
      admission_epoch: terms.epoch.toString(),
      admission_stamp: terms.depositsStamp,
      admission_cap_less_escrow: (terms.capWei - terms.escrowWei).toString(),
    },
  };
}
