import type { Deployments } from '@far/contracts';
import { adminAuditLog, type Db } from '@far/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Hex, PublicClient } from 'viem';
import { z } from 'zod';
import { consoleChainAbi } from './consoleChainAbi.js';

/** OpenZeppelin TimelockController's timestamp of an executed operation. */
const DONE_TIMESTAMP = 1n;

const ScheduledCallSchema = z.object({
  call: z.object({
    functionName: z.literal('schedule'),
    args: z.array(z.string()),
    scheduled: z.object({ functionName: z.string(), args: z.array(z.string()), operationId: z.string() }),
  }),
});

/** A timelocked console action: what it does, who scheduled it and why, and when it may execute. */
export type TimelockOperationView = {
  operationId: Hex;
  /** e.g. `setRewardRate(250)`. */
  call: string;
  scheduledBy: string;
  reason: string;
  /** When `execute` is allowed; null once executed or when the timelock no longer knows it (cancelled). */
  eta: string | null;
  state: 'waiting' | 'ready' | 'done' | 'cancelled';
  /** The `execute` arguments (the schedule's, without the delay). */
  executeArgs: string[];
};

/**
 * The timelock operations the console scheduled (their audit rows), newest first, with their state
 * read from the FarTimelock: waiting for the delay (with the ETA), ready, done or cancelled.
 *
 * @example
 * await listTimelockOperations(db, chain, deployments)
 */
export async function listTimelockOperations(
  db: Db,
  chain: PublicClient,
  deployments: Deployments,
): Promise<TimelockOperationView[]> {
  const timelock = deployments.contracts.timelock;
  if (!timelock) return [];
  const rows = await db
    .select()
    .from(adminAuditLog)
    .where(
      and(
        eq(adminAuditLog.status, 'done'),
        sql`${adminAuditLog.before} -> 'call' ->> 'functionName' = 'schedule'`,
      ),
    )
    .orderBy(desc(adminAuditLog.id))
    .limit(50);
  // The chain's clock decides readiness (TimelockController compares with block.timestamp).
  const now = (await chain.getBlock()).timestamp;
  const views: TimelockOperationView[] = [];
  for (const row of rows) {
    const parsed = ScheduledCallSchema.safeParse(row.before);
    if (!parsed.success) continue;
    const { args, scheduled } = parsed.data.call;
    const operationId = scheduled.operationId as Hex;
    const timestamp = await chain.readContract({
      address: timelock,
      abi: consoleChainAbi,
      functionName: 'getTimestamp',
      args: [operationId],
    });
    const state =
      timestamp === DONE_TIMESTAMP
        ? 'done'
        : timestamp === 0n
          ? 'cancelled'
          : timestamp <= now
            ? 'ready'
            : 'waiting';
    views.push({
      operationId,
      call: `${scheduled.functionName}(${scheduled.args.join(', ')})`,
      scheduledBy: row.actorWallet,
      reason: row.reason,
      eta: timestamp > DONE_TIMESTAMP ? new Date(Number(timestamp) * 1000).toISOString() : null,
      state,
      executeArgs: args.slice(0, 5),
    });
  }
  return views;
}
