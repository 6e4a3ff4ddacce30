import { z } from 'zod';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import {
  NodeChatMessageSchema,
  NodeIdSchema,
  NodeModelIdSchema,
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

/** One inference task. Exactly one of `messages` (chat) or `prompt` (raw completion) is present. */
export const TaskAssignMessageSchema = z
  .strictObject({
    type: z.literal('task.assign'),
    taskId: NodeTaskIdSchema,
    model: NodeModelIdSchema,
    messages: z.array(NodeChatMessageSchema).min(1).max(L.maxMessages).optional(),
    prompt: z.string().max(L.maxContentLength).optional(),
    maxTokens: z.int().min(1).max(L.maxTokens),
    temperature: z.number().min(0).max(2),
    topP: z.number().gt(0).max(1).optional(),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    stop: z.array(z.string().min(1).max(L.maxStopLength)).max(L.maxStopSequences).optional(),
  })
  .refine((m) => (m.messages === undefined) !== (m.prompt === undefined), {
    message: 'exactly one of messages or prompt is required',
  })
  .refine((m) => (m.messages ?? []).reduce((n, x) => n + x.content.length, 0) <= L.maxTotalContentLength, {
    message: `messages exceed ${L.maxTotalContentLength} characters in total`,
  });

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
  TaskCancelMessageSchema,
]);

export type ChallengeMessage = z.infer<typeof ChallengeMessageSchema>;
export type WelcomeMessage = z.infer<typeof WelcomeMessageSchema>;
export type NodeHeartbeatAckMessage = z.infer<typeof NodeHeartbeatAckMessageSchema>;
export type NodeErrorMessage = z.infer<typeof NodeErrorMessageSchema>;
export type TaskAssignMessage = z.infer<typeof TaskAssignMessageSchema>;
export type TaskCancelMessage = z.infer<typeof TaskCancelMessageSchema>;
export type ServerToNodeMessage = z.infer<typeof ServerToNodeMessageSchema>;
