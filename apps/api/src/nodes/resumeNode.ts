import { type Db, gpuNodes, nodeSuspensions } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';
import { NodeStandingActorSchema } from './suspendNode.js';

const ResumeNodeParametersSchema = z.object({
  nodeId: z.string().min(1).max(100),
  reason: z.string().trim().min(1).max(1000),
  actor: NodeStandingActorSchema,
});

export type ResumeNodeParameters = z.input<typeof ResumeNodeParametersSchema>;

/**
 * Lifts a node's suspension: stamps the open `node_suspensions` row (when, by whom, why) and sets
 * the node `offline`, so its next join is accepted (it was disconnected when suspended). Audit
 * strikes before the lift no longer count towards the next automatic suspension.
 *
 * @param db - the system-of-record database.
 * @param params - the node's public id, the reason, and the actor (a wallet or `system`).
 * @returns the lifted suspension's id.
 * @throws BaseError `not_found` for an unknown node, `conflict` when it is not suspended.
 * @example
 * await resumeNode(db, { nodeId: 'local-1', reason: 'appeal upheld', actor: '0xabc…' });
 */
export async function resumeNode(
  db: Db,
  params: ResumeNodeParameters,
): Promise<{ suspensionId: string | null }> {
  const parsed = ResumeNodeParametersSchema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, 'suspension');
  const { nodeId, reason, actor } = parsed.data;
  return db.transaction(async (tx) => {
    const [node] = await tx
      .select({ status: gpuNodes.status })
      .from(gpuNodes)
      .where(eq(gpuNodes.nodeId, nodeId))
      .for('update');
    if (!node) throw new BaseError('not_found', `No node ${nodeId}`);
    const lifted = await tx
      .update(nodeSuspensions)
      .set({ liftedAt: new Date(), liftedBy: actor, liftReason: reason })
      .where(and(eq(nodeSuspensions.nodeId, nodeId), isNull(nodeSuspensions.liftedAt)))
      .returning({ id: nodeSuspensions.id });
    // A node suspended before suspensions were recorded has a status but no row: it resumes too.
    if (lifted.length === 0 && node.status !== 'suspended')
      throw new BaseError('conflict', `Node ${nodeId} is not suspended`);
    await tx.update(gpuNodes).set({ status: 'offline' }).where(eq(gpuNodes.nodeId, nodeId));
    return { suspensionId: lifted[0]?.id ?? null };
  });
}
