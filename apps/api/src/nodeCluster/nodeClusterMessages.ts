import {
  NodeEngineKindSchema,
  NodeGpuKindSchema,
  NodeIdSchema,
  NodeModelCapabilitiesSchema,
  NodeModelIdSchema,
  NodeTaskIdSchema,
  TaskAcceptedMessageSchema,
  TaskAssignMessageSchema,
  TaskCancelMessageSchema,
  TaskDoneMessageSchema,
  TaskEmbeddingMessageSchema,
  TaskEmbedMessageSchema,
  TaskErrorMessageSchema,
  TaskTokenMessageSchema,
} from '@far/protocol';
import { z } from 'zod';

/** A replica's view of one of its nodes, as other replicas mirror it (a `LiveNode`, as JSON). */
export const LiveNodeSnapshotSchema = z.object({
  nodeId: NodeIdSchema,
  owner: z.string().regex(/^0x[0-9a-f]{40}$/) as z.ZodType<`0x${string}`>,
  gpu: z.object({ name: z.string(), vramGb: z.number().nonnegative(), kind: NodeGpuKindSchema }),
  engine: NodeEngineKindSchema,
  models: z.array(
    z.object({
      id: NodeModelIdSchema,
      contextLength: z.number().int().positive().optional(),
      capabilities: NodeModelCapabilitiesSchema.optional(),
    }),
  ),
  maxConcurrency: z.number().int().positive(),
  version: z.string(),
  connectedAt: z.number(),
  status: z.enum(['online', 'draining', 'suspended']),
  score: z.number().min(0).max(100),
  activeTasks: z.number().int().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  lastHeartbeatAt: z.number(),
});

/** Broadcast on `{cluster}:nodes`: which nodes each replica holds. */
export const NodeDirectoryMessageSchema = z.discriminatedUnion('kind', [
  /** The replica holds these nodes now; the entries expire unless announced again in time. */
  z.object({ kind: z.literal('up'), replicaId: z.string(), nodes: z.array(LiveNodeSnapshotSchema) }),
  /** The node left the replica (disconnected, dropped, suspended). */
  z.object({ kind: z.literal('down'), replicaId: z.string(), nodeId: NodeIdSchema }),
  /** An operator or the audits (with what they found) suspended the node: whichever replica holds it disconnects it. */
  z.object({
    kind: z.literal('suspend'),
    nodeId: NodeIdSchema,
    auditFindings: z.string().max(1000).optional(),
  }),
]);

/** Sent on `{cluster}:replica:{id}` to the replica that holds the node's WebSocket. */
export const ReplicaMessageSchema = z.discriminatedUnion('kind', [
  /** A frame for the node, from the replica dispatching the task (`origin`). */
  z.object({
    kind: z.literal('toNode'),
    origin: z.string(),
    nodeId: NodeIdSchema,
    taskId: NodeTaskIdSchema,
    message: z.discriminatedUnion('type', [
      TaskAssignMessageSchema,
      TaskEmbedMessageSchema,
      TaskCancelMessageSchema,
    ]),
  }),
  /** The dispatcher is done with the task on this node: free its slot. */
  z.object({ kind: z.literal('close'), nodeId: NodeIdSchema, taskId: NodeTaskIdSchema }),
  /** The dispatcher scored the node after a task. */
  z.object({ kind: z.literal('score'), nodeId: NodeIdSchema, score: z.number().min(0).max(100) }),
  /** The node broke the protocol in a task frame (counted like a malformed message). */
  z.object({
    kind: z.literal('violation'),
    nodeId: NodeIdSchema,
    taskId: NodeTaskIdSchema,
    reason: z.string(),
  }),
]);

/** Sent on `{cluster}:task:{taskId}` to the dispatching replica: the node's frames for the task. */
export const RemoteTaskMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('frame'),
    message: z.discriminatedUnion('type', [
      TaskAcceptedMessageSchema,
      TaskTokenMessageSchema,
      TaskEmbeddingMessageSchema,
      TaskDoneMessageSchema,
      TaskErrorMessageSchema,
    ]),
  }),
  /** The node is gone (its socket closed, or the replica no longer holds it). */
  z.object({ kind: z.literal('lost') }),
]);

export type NodeDirectoryMessage = z.infer<typeof NodeDirectoryMessageSchema>;
export type ReplicaMessage = z.infer<typeof ReplicaMessageSchema>;
export type RemoteTaskMessage = z.infer<typeof RemoteTaskMessageSchema>;
