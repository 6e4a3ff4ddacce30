import { nodeBondAbi, nodeBondKey } from '@far/contracts';
import { type Db, gpuNodes, inferenceTasks, nodeAudits, nodeSlashProposals, users } from '@far/db';
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Address, Hex } from 'viem';
import { proposeSlash, type SlashClients, sendProposal } from './proposeSlash.js';

/** Share of what is slashable on a bond (bonded less pending slashes) one failed check proposes. */
export const SLASH_BPS = 1_000n;

/**
 * One round of the slash proposer: every failed canary or audit (node_audits, passed = false) with
 * no proposal yet becomes a slash proposal on NodeBond citing its evidence hash: SLASH_BPS of the
 * node bond's slashable amount, of which an audit of a user's task refunds that user what the task
 * cost (a canary harmed no user: all of it goes to the treasury). A node with nothing bonded gets a
 * `failed` row, so it is not tried again. Proposals left `pending` by an RPC failure are resent.
 *
 * @param db - the database.
 * @param clients - chain clients (the coordinator's wallet) and NodeBond's address.
 * @param limit - most failed audits taken per round.
 * @returns how many proposals this round sent or recorded.
 */
export async function proposeSlashesFromAudits(db: Db, clients: SlashClients, limit = 20): Promise<number> {
  const pending = await db
    .select()
    .from(nodeSlashProposals)
    .where(eq(nodeSlashProposals.status, 'pending'))
    .orderBy(asc(nodeSlashProposals.createdAt))
    .limit(limit);
  for (const row of pending) await sendProposal(db, clients, row);

  const failedAudits = await db
    .select({
      id: nodeAudits.id,
      nodeId: nodeAudits.nodeId,
      kind: nodeAudits.kind,
      taskId: nodeAudits.taskId,
      evidenceHash: nodeAudits.evidenceHash,
      owner: gpuNodes.ownerAddress,
    })
    .from(nodeAudits)
    .innerJoin(gpuNodes, eq(gpuNodes.nodeId, nodeAudits.nodeId))
    .leftJoin(nodeSlashProposals, eq(nodeSlashProposals.evidenceHash, nodeAudits.evidenceHash))
    .where(and(eq(nodeAudits.passed, false), isNull(nodeSlashProposals.evidenceHash)))
    .orderBy(asc(nodeAudits.createdAt))
    .limit(limit);
  for (const audit of failedAudits) {
    const owner = audit.owner as Address;
    const bond = await clients.publicClient.readContract({
      address: clients.nodeBond,
      abi: nodeBondAbi,
      functionName: 'bondOf',
      args: [owner, nodeBondKey(audit.nodeId)],
    });
    const amountWei = ((bond.amount - bond.pendingSlash) * SLASH_BPS) / 10_000n;
    if (amountWei === 0n) {
      // Nothing to slash: recorded so it is not tried again, without a transaction bound to revert.
      await db
        .insert(nodeSlashProposals)
        .values({
          evidenceHash: audit.evidenceHash,
          nodeId: audit.nodeId,
          ownerAddress: owner,
          auditId: audit.id,
          amountWei,
          status: 'failed',
          error: 'nothing bonded to slash',
        })
        .onConflictDoNothing();
      continue;
    }
    const refund = audit.kind === 'audit' ? await taskRefund(db, audit.taskId, amountWei) : undefined;
    await proposeSlash(db, clients, {
      nodeId: audit.nodeId,
      owner,
      evidenceHash: audit.evidenceHash as Hex,
      auditId: audit.id,
      amountWei,
      refunds: refund ? [refund] : [],
    });
  }
  return pending.length + failedAudits.length;
}

/** The audited task's user and what the task cost them, capped at the slash. */
async function taskRefund(db: Db, taskId: string, cap: bigint) {
  const [task] = await db
    .select({ wallet: users.walletAddress, costWei: inferenceTasks.costFarWei })
    .from(inferenceTasks)
    .innerJoin(users, eq(users.id, inferenceTasks.userId))
    // The audit names the task by its row id or by the id it was dispatched with.
    .where(or(eq(inferenceTasks.id, taskId), eq(inferenceTasks.taskId, taskId)));
  const cost = task?.costWei ?? 0n;
  if (!task || cost <= 0n || cap <= 0n) return undefined;
  return { user: task.wallet as Address, amountWei: cost < cap ? cost : cap };
}
