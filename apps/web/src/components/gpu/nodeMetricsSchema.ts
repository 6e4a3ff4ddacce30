import * as z from 'zod/mini';

/** A `node:metrics` push: whatever subset of live figures the node's heartbeat carried. */
export const nodeMetricsSchema = z.object({
  nodeId: z.string(),
  status: z.optional(z.string()),
  load: z.optional(z.number()),
  tokensPerSecond: z.optional(z.number()),
  tasksCompleted: z.optional(z.number()),
  gpuUtilization: z.optional(z.number()),
  vramUsedGb: z.optional(z.number()),
  earningsWei: z.optional(
    z.pipe(
      z.union([z.string().check(z.regex(/^\d+$/)), z.number().check(z.int())]),
      z.transform((value) => BigInt(value)),
    ),
  ),
});
export type NodeMetrics = z.infer<typeof nodeMetricsSchema>;
