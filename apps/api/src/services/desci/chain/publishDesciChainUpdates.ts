import { type Db, desciChainProposals } from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { Bus } from '../../../bus/Bus.js';
import type { Logger } from '../../../observability/createLogger.js';
import { publishDesciFunding } from '../desciFundingChannel.js';

/**
 * After a range commits, announces each touched proposal's totals on `desci:funding` (funding
 * progress and milestone status changes alike; the cause names the last event), so open proposal
 * pages refresh. A failed publish is logged, never thrown: the mirror is already committed.
 *
 * @param options - database, bus, escrow address (lowercase) and logger.
 * @param touched - proposal id → the event that last changed it.
 * @example
 * await publishDesciChainUpdates({ db, bus, escrow, logger }, outcome.touched);
 */
export async function publishDesciChainUpdates(
  options: { db: Db; bus: Pick<Bus, 'publish'>; escrow: string; logger: Logger },
  touched: Map<bigint, string>,
): Promise<void> {
  for (const [proposalId, cause] of touched) {
    try {
      const [row] = await options.db
        .select()
        .from(desciChainProposals)
        .where(
          and(
            eq(desciChainProposals.escrowAddress, options.escrow),
            eq(desciChainProposals.proposalId, proposalId),
          ),
        );
      if (row === undefined) continue;
      await publishDesciFunding(options.bus, {
        escrowAddress: row.escrowAddress,
        proposalId,
        status: row.status,
        raisedWei: row.raisedWei,
        goalWei: row.goalWei,
        releasedWei: row.releasedWei,
        refundedWei: row.refundedWei,
        cause,
        at: row.updatedAt,
      });
    } catch (error) {
      options.logger.warn(
        { err: error, proposalId: proposalId.toString() },
        'desci funding update not published',
      );
    }
  }
}
