import { type Db, settlementBatches } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from '../observability/createLogger.js';

/**
 * Marks a settlement batch `confirmed` from its `BatchSettled` log (the indexer applies it once the
 * log has its confirmations). A batch this database never recorded is logged, not an error: another
 * coordinator may share the contract.
 *
 * @param tx - the indexer's transaction for the range.
 * @param batchNumber - the log's batch id.
 * @param txHash - the transaction that settled it.
 * @param logger - where an unknown batch is reported.
 * @returns whether a recorded batch was confirmed.
 * @example
 * await confirmSettlementBatch(tx, event.args.batchId, event.transactionHash, logger);
 */
export async function confirmSettlementBatch(
  tx: Db,
  batchNumber: bigint,
  txHash: string,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  const updated = await tx
    .update(settlementBatches)
    .set({ status: 'confirmed', txHash, error: null, updatedAt: sql`now()` })
    .where(eq(settlementBatches.batchNumber, batchNumber))
    .returning({ id: settlementBatches.id });
  if (updated.length === 0) {
    logger.warn(
      { batchId: batchNumber.toString(), txHash },
      'BatchSettled for a batch this database never recorded (another coordinator?)',
    );
  }
  return updated.length > 0;
}
