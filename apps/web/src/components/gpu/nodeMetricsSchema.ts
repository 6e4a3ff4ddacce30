import { z } from 'zod';

/** A `node:metrics` push: whatever subset of live figures the node's heartbeat carried. */
export const nodeMetricsSchema = z.object({
  nodeId: z.string(),
  status: z.string().optional(),
  load: z.number().optional(),
  tokensPerSecond: z.number().optional(),
  tasksCompleted: z.number().optional(),
  gpuUtilization: z.number().optional(),
  vramUsedGb: z.number().optional(),
  earningsWei: z
    .union([z.string().regex(/^\d+$/), z.number().int()])
    .transform((value) => BigInt(value))
    .optional(),
});
export type NodeMetrics = z.infer<typeof nodeMetricsSchema>;
