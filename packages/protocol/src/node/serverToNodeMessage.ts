import { z } from 'zod';
import { InferenceRequestFields, withInferenceRequestRules } from '../inference/inferenceRequest.js';
import { TaskEmbedMessageSchema } from './embeddingMessages.js';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import {
  NodeIdSchema,
  NodeNonceSchema,
  NodeTaskIdSchema,
  NodeWeiStringSchema,
  NodeWireErrorCodeSchema,
} from './nodeWireFields.js';

/** First message on every connection: the node must sign this nonce to prove its owner wallet. */
export const ChallengeMessageSchema = z.strictObject({
  type: z.literal('challenge'),
  protocolVersion: z.int().min(1).max(1000),
  nonce: NodeNonceSchema,
  issuedAt: z.iso.datetime(),
});

/** Optional running totals for the node's status display; absent when the coordinator has none yet. */
const NodeStandingFields = {
  earningsWei: NodeWeiStringSchema.optional(),
  reliabilityScore: z.number().min(0).max(100).optional(),
  tasksCompleted: z.int().min(0).optional(),
};

/** The node is registered and may receive tasks; it must heartbeat every `heartbeatIntervalMs`. */
export const WelcomeMessageSchema = z.strictObject({
  type: z.literal('welcome'),
  nodeId: NodeIdSchema,
  heartbeatIntervalMs: z.int().min(100).max(L.maxHeartbeatIntervalMs),
  ...NodeStandingFields,
});

export const NodeHeartbeatAckMessageSchema = z.strictObject({
  type: z.literal('heartbeat.ack'),
  ...NodeStandingFields,
});

/** A refusal or a fatal condition; the coordinator closes the socket right after sending it. */
export const NodeErrorMessageSchema = z.strictObject({
  type: z.literal('error'),
  code: NodeWireErrorCodeSchema,
  message: z.string().max(L.maxErrorMessageLength),
});

/**
 * One inference task: the inference request itself beside its task id. Exactly one of `messages`
 * (chat) or `prompt` (raw completion) is present.
 */
export const TaskAssignMessageSchema = withInferenceRequestRules(
  z.strictObject({
    type: z.literal('task.assign'),
    taskId: NodeTaskIdSchema,
    ...InferenceRequestFields,
  }),
);

/** The client went away or the coordinator gave up: stop generating and answer `task.done` (cancelled). */
export const TaskCancelMessageSchema = z.strictObject({
  type: z.literal('task.cancel'),
  taskId: NodeTaskIdSchema,
});

/** Every message the coordinator sends to a node. */
export const ServerToNodeMessageSchema = z.discriminatedUnion('type', [
  ChallengeMessageSchema,
  WelcomeMessageSchema,
  NodeHeartbeatAckMessageSchema,
  NodeErrorMessageSchema,
  TaskAssignMessageSchema,
  TaskEmbedMessageSchema,
  TaskCancelMessageSchema,
]);

export type ChallengeMessage = z.infer<typeof ChallengeMessageSchema>;
export type WelcomeMessage = z.infer<typeof WelcomeMessageSchema>;
export type NodeHeartbeatAckMessage = z.infer<typeof NodeHeartbeatAckMessageSchema>;
export type NodeErrorMessage = z.infer<typeof NodeErrorMessageSchema>;
export type TaskAssignMessage = z.infer<typeof TaskAssignMessageSchema>;
export type TaskCancelMessage = z.infer<typeof TaskCancelMessageSchema>;
export type ServerToNodeMessage = z.infer<typeof ServerToNodeMessageSchema>;
