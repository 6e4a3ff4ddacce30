import { type Db, type FartwinTwin, fartwinCharges, revenueStreams } from '@far/db';
import type { SurchargeSplit } from '../inference/InferenceSurcharge.js';

/**
 * Writes a twin's fee with the charge, inside its ledger transaction: the fee record (per twin, for
 * the creator's earnings and the service's revenue) and the creator's revenue row (`service`
 * `fartwin`).
 *
 * @param tx - the settlement's transaction.
 * @param charge - the task, twin, payer, tokens billed and the fee's split.
 */
export async function recordTwinFee(
  tx: Db,
  charge: {
    taskId: string;
    twin: FartwinTwin;
    payerUserId: string;
    tokens: number;
    amount: bigint;
    split: SurchargeSplit;
  },
): Promise<void> {
  const { twin, split } = charge;
  await tx.insert(fartwinCharges).values({
    taskId: charge.taskId,
    twinId: twin.id,
    handle: twin.handle,
    payerUserId: charge.payerUserId,
    creatorUserId: split.creatorUserId,
    tokens: charge.tokens,
    feeWeiPerMillion: twin.creatorFeeWeiPerMillion,
    feeFarWei: charge.amount,
    creatorShareWei: split.creator,
    stakersShareWei: split.stakers,
    treasuryShareWei: split.treasury,
  });
  if (split.creator > 0n) {
    await tx.insert(revenueStreams).values({
      streamType: 'fartwin_creator',
      service: 'fartwin',
      userId: split.creatorUserId,
      amountFarWei: split.creator,
      taskId: charge.taskId,
    });
  }
}
