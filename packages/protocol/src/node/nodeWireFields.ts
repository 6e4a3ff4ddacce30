import { z } from 'zod';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';

/** A node's stable identifier: letters, digits, `.`, `_`, `-`; chosen by the node and kept across restarts. */
export const NodeIdSchema = z
  .string()
  .min(1)
  .max(L.maxNodeIdLength)
  .regex(/^[A-Za-z0-9._-]+$/, 'node id may contain only letters, digits, ".", "_" and "-"');

/** A 20-byte EVM address, any letter case (compare lower-cased). */
export const NodeOwnerAddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address');

/** A 65-byte secp256k1 signature (r ‖ s ‖ v), hex. */
export const NodeSignatureSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, 'expected a 65-byte hex signature');

/** The coordinator's challenge nonce: 16 to 64 random bytes, lower-case hex. */
export const NodeNonceSchema = z
  .string()
  .regex(/^[0-9a-f]{32,128}$/, 'expected 16-64 bytes of lower-case hex');

export const NodeModelIdSchema = z
  .string()
  .min(1)
  .max(L.maxModelIdLength)
  .regex(/^[A-Za-z0-9._:/@+-]+$/, 'model id may not contain spaces or control characters');

export const NodeTaskIdSchema = z
  .string()
  .min(1)
  .max(L.maxTaskIdLength)
  .regex(/^[A-Za-z0-9._:-]+$/, 'task id may contain only letters, digits, ".", "_", ":" and "-"');

/** A non-negative amount of wei as a decimal string: JSON has no bigint and numbers lose precision. */
export const NodeWeiStringSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, 'expected a decimal wei amount');

export const NodeGpuKindSchema = z.enum(['cuda', 'metal', 'vulkan', 'rocm', 'cpu']);
export type NodeGpuKind = z.infer<typeof NodeGpuKindSchema>;

export const NodeEngineKindSchema = z.enum(['llama', 'openai']);
export type NodeEngineKind = z.infer<typeof NodeEngineKindSchema>;

export const NodeFinishReasonSchema = z.enum(['stop', 'length', 'cancelled']);
export type NodeFinishReason = z.infer<typeof NodeFinishReasonSchema>;

/** Token counts as the node reports them. The coordinator shows them but bills from its own count. */
export const NodeClaimedUsageSchema = z.strictObject({
  promptTokens: z.int().min(0).max(L.maxUsageTokens),
  completionTokens: z.int().min(0).max(L.maxUsageTokens),
});
export type NodeClaimedUsage = z.infer<typeof NodeClaimedUsageSchema>;

/** A short machine-readable error code such as `model_not_found`. */
export const NodeWireErrorCodeSchema = z
  .string()
  .min(1)
  .max(L.maxErrorCodeLength)
  .regex(/^[a-z][a-z0-9_]*$/, 'error code must be snake_case');
