import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text/findUnstorableCharacter.js';
import { NodeModelCapabilitiesSchema, TaskEmbeddingMessageSchema } from './embeddingMessages.js';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import {
  NodeClaimedUsageSchema,
  NodeEngineKindSchema,
  NodeFinishReasonSchema,
  NodeGpuKindSchema,
  NodeIdSchema,
  NodeModelIdSchema,
  NodeOwnerAddressSchema,
  NodeSignatureSchema,
  NodeTaskIdSchema,
  NodeWireErrorCodeSchema,
} from './nodeWireFields.js';

/**
 * The node's answer to `challenge`: who it is, who owns it (proven by `signature`, an EIP-191
 * personal_sign of `buildNodeJoinMessage(...)`), and what it can serve.
 */
export const HelloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  protocolVersion: z.int().min(1).max(1000),
  nodeId: NodeIdSchema,
  owner: NodeOwnerAddressSchema,
  signature: NodeSignatureSchema,
  gpu: z.strictObject({
    // Stored in gpu_nodes and shown to its owner: it must be text Postgres can keep.
    name: z.string().min(1).max(L.maxGpuNameLength).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
    vramGb: z.number().min(0).max(L.maxVramGb),
    kind: NodeGpuKindSchema,
  }),
  engine: NodeEngineKindSchema,
  models: z
    .array(
      z.strictObject({
        id: NodeModelIdSchema,
        contextLength: z.int().min(1).max(L.maxContextLength).optional(),
        /** Absent: `['chat']`, as nodes announced before embeddings existed. */
        capabilities: NodeModelCapabilitiesSchema.optional(),
        /**
         * SHA-256 (lowercase hex) of the GGUF weights file the node serves under this id. A
         * coordinator refuses the model when its catalogue pins other weights, or pins weights and
         * this is absent (an upstream engine that cannot hash its weights serves unpinned models only).
         */
        weightsSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256')
          .optional(),
      }),
    )
    .min(1)
    .max(L.maxModels)
    .refine((models) => new Set(models.map((m) => m.id)).size === models.length, {
      message: 'model ids must be unique',
    }),
  maxConcurrency: z.int().min(1).max(L.maxConcurrency),
  version: z.string().min(1).max(L.maxVersionLength).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
});

/** Liveness and load, every `heartbeatIntervalMs`. Missing heartbeats mark the node offline. */
export const NodeHeartbeatMessageSchema = z.strictObject({
  type: z.literal('heartbeat'),
  /** Tasks running now. */
  load: z.int().min(0).max(L.maxConcurrency),
  /** Generation speed over the node's recent window, all tasks together. */
  tokensPerSecond: z.number().min(0).max(L.maxTokensPerSecond),
  tasksCompleted: z.int().min(0),
  tokensGenerated: z.int().min(0),
  uptimeSeconds: z.number().min(0),
});

/** The node started the task. */
export const TaskAcceptedMessageSchema = z.strictObject({
  type: z.literal('task.accepted'),
  taskId: NodeTaskIdSchema,
});

/** Exactly one model token. `seq` counts from 0 without gaps. */
export const TaskTokenMessageSchema = z.strictObject({
  type: z.literal('task.token'),
  taskId: NodeTaskIdSchema,
  seq: z.int().min(0).max(L.maxTokens),
  text: z.string().max(L.maxTokenTextLength),
});

/**
 * Consecutive model tokens in one frame (protocol 2): `texts[i]` is the token with sequence number
 * `seq + i`, exactly as if each had come as its own `task.token`. A node sends the tokens it has
 * ready together instead of one frame per token; the first token of a stream is not held back.
 */
export const TaskTokensMessageSchema = z
  .strictObject({
    type: z.literal('task.tokens'),
    taskId: NodeTaskIdSchema,
    seq: z.int().min(0).max(L.maxTokens),
    texts: z.array(z.string().max(L.maxTokenTextLength)).min(1).max(L.maxTokensPerFrame),
  })
  .refine((m) => m.seq + m.texts.length <= L.maxTokens + 1, {
    message: `sequence numbers above ${L.maxTokens}`,
    path: ['texts'],
  });

/** The task ended normally or after `task.cancel`; `usage` is the node's claim, not what is billed. */
export const TaskDoneMessageSchema = z.strictObject({
  type: z.literal('task.done'),
  taskId: NodeTaskIdSchema,
  usage: NodeClaimedUsageSchema,
  finishReason: NodeFinishReasonSchema,
});

/** The task failed or was refused (`busy`, `draining`, `model_not_found`, `engine_error`, …). */
export const TaskErrorMessageSchema = z.strictObject({
  type: z.literal('task.error'),
  taskId: NodeTaskIdSchema,
  code: NodeWireErrorCodeSchema,
  message: z.string().max(L.maxErrorMessageLength),
});

/** The node is shutting down: it finishes running tasks and must not be given new ones. */
export const NodeDrainMessageSchema = z.strictObject({
  type: z.literal('drain'),
});

/** Every message a node sends to the coordinator. */
export const NodeToServerMessageSchema = z.discriminatedUnion('type', [
  HelloMessageSchema,
  NodeHeartbeatMessageSchema,
  TaskAcceptedMessageSchema,
  TaskTokenMessageSchema,
  TaskTokensMessageSchema,
  TaskEmbeddingMessageSchema,
  TaskDoneMessageSchema,
  TaskErrorMessageSchema,
  NodeDrainMessageSchema,
]);

export type HelloMessage = z.infer<typeof HelloMessageSchema>;
export type NodeHeartbeatMessage = z.infer<typeof NodeHeartbeatMessageSchema>;
export type TaskAcceptedMessage = z.infer<typeof TaskAcceptedMessageSchema>;
export type TaskTokenMessage = z.infer<typeof TaskTokenMessageSchema>;
export type TaskTokensMessage = z.infer<typeof TaskTokensMessageSchema>;
export type TaskDoneMessage = z.infer<typeof TaskDoneMessageSchema>;
export type TaskErrorMessage = z.infer<typeof TaskErrorMessageSchema>;
export type NodeDrainMessage = z.infer<typeof NodeDrainMessageSchema>;
export type NodeToServerMessage = z.infer<typeof NodeToServerMessageSchema>;
