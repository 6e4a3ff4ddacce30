import { z } from 'zod';
import { EMBEDDING_LIMITS } from '../embeddings/embeddingLimits.js';
import { EmbeddingInputsSchema } from '../embeddings/embeddingRequest.js';
import { NodeModelIdSchema, NodeTaskIdSchema } from './nodeWireFields.js';

/**
 * What a node can do with a model it advertises in `hello`: `chat` (the `task.assign` tasks) and
 * `embeddings` (the `task.embed` tasks). A model entry without `capabilities` is chat only, as every
 * node before embeddings announced it.
 */
export const NodeModelCapabilitySchema = z.enum(['chat', 'embeddings']);
export type NodeModelCapability = z.infer<typeof NodeModelCapabilitySchema>;

/** A model's capabilities in `hello`: at least one, each once. */
export const NodeModelCapabilitiesSchema = z
  .array(NodeModelCapabilitySchema)
  .min(1)
  .max(NodeModelCapabilitySchema.options.length)
  .refine((list) => new Set(list).size === list.length, { message: 'capabilities must be unique' });

/**
 * An embeddings task (coordinator → node): one vector per input, in order. The node answers
 * `task.accepted`, one `task.embedding` per input, then `task.done` (usage: the prompt tokens it
 * counted, `completionTokens` 0); or `task.error`.
 */
export const TaskEmbedMessageSchema = z.strictObject({
  type: z.literal('task.embed'),
  taskId: NodeTaskIdSchema,
  model: NodeModelIdSchema,
  input: EmbeddingInputsSchema,
});

/** One input's vector (node → coordinator), one frame per input so a frame stays small. */
export const TaskEmbeddingMessageSchema = z.strictObject({
  type: z.literal('task.embedding'),
  taskId: NodeTaskIdSchema,
  /** The input's position in `task.embed`'s `input`. */
  index: z
    .int()
    .min(0)
    .max(EMBEDDING_LIMITS.maxInputs - 1),
  embedding: z.array(z.number()).min(1).max(EMBEDDING_LIMITS.maxDimensions),
});

export type TaskEmbedMessage = z.infer<typeof TaskEmbedMessageSchema>;
export type TaskEmbeddingMessage = z.infer<typeof TaskEmbeddingMessageSchema>;
