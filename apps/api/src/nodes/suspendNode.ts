import { type Db, gpuNodes, nodeSuspensions } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';

/** Who changes a node's standing: an operator's wallet (stored lower-cased), or `system` (audits). */
export const NodeStandingActorSchema = z.union([
  z.literal('system'),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/)
    .transform((wallet) => wallet.toLowerCase()),
]);

const SuspendNodeParametersSchema = z.object({
  nodeId: z.string().min(1).max(100),
  reason: z.string().trim().min(1).max(1000),
  actor: NodeStandingActorSchema,
});

export type SuspendNodeParameters = z.input<typeof SuspendNodeParametersSchema>;

/**
 * The live side of a suspension: the gateway disconnects the node on whichever replica holds it.
 * `auditFindings` is set when the audits (actor `system`) suspended it: the node is told what they
 * found; without it, that an operator suspended it.
 */
export type LiveNodeSuspender = { suspendNode(nodeId: string, auditFindings?: string): Promise<boolean> };

export type SuspendNodeReturnType = {
  /** The open suspension (the existing one when the node was already suspended). */
  suspensionId: string;
  /** False when the node was already suspended: nothing changed. */
  created: boolean;
};

/**
 * Suspends a node: records who and why in `node_suspensions` and sets `gpu_nodes.status` to
 * `suspended`, in one transaction; then, given the gateway, disconnects it wherever it is connected
 * (the gateway tells other replicas through the node cluster). From then on the scheduler never
 * chooses it (a suspended node is not `online` in the registry) and every join is refused, so a
 * reconnect does not lift it: only {@link resumeNode} does.
 *
 * @param db - the system-of-record database.
 * @param params - the node's public id, the reason, and the actor (a wallet or `system`).
 * @param live - the node gateway, to disconnect the node now.
 * @returns the open suspension.
 * @throws BaseError `not_found` for an unknown node; `validation_failed` for bad parameters.
 * @example
 * await suspendNode(db, { nodeId: 'local-1', reason: '3 failed audits in 24 h', actor: 'system' }, core.nodes);
 */
export async function suspendNode(
  db: Db,
  params: SuspendNodeParameters,
  live?: LiveNodeSuspender,
): Promise<SuspendNodeReturnType> {
  const parsed = SuspendNodeParametersSchema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, 'suspension');
  const { nodeId, reason, actor } = parsed.data;
  const result = await db.transaction(async (tx) => {
    const [node] = await tx
      .select({ nodeId: gpuNodes.nodeId })
      .from(gpuNodes)
      .where(eq(gpuNodes.nodeId, nodeId))
      .for('update');
    if (!node) throw new BaseError('not_found', `No node ${nodeId}`);
    const [open] = await tx
      .select({ id: nodeSuspensions.id })
      .from(nodeSuspensions)
      .where(and(eq(nodeSuspensions.nodeId, nodeId), isNull(nodeSuspensions.liftedAt)));
    await tx.update(gpuNodes).set({ status: 'suspended' }).where(eq(gpuNodes.nodeId, nodeId));
    if (open) return { suspensionId: open.id, created: false };
    const [row] = await tx
      .insert(nodeSuspensions)
      .values({ nodeId, reason, actor })
      .returning({ id: nodeSuspensions.id });
    if (!row) throw new Error(`node_suspensions insert for ${nodeId} returned no row`);
    return { suspensionId: row.id, created: true };
  });
  await live?.suspendNode(nodeId, actor === 'system' ? reason : undefined);
  return result;
}
