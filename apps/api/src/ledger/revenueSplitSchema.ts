import { z } from 'zod';
import { nonNegativeWeiSchema } from './parseLedgerParams.js';

/** node + stakers + treasury (+ creator) in wei; the sum is checked against the amount by the posting itself. */
export const revenueSplitSchema = z
  .object({
    nodeId: z.uuid().optional(),
    node: nonNegativeWeiSchema,
    stakers: nonNegativeWeiSchema,
    treasury: nonNegativeWeiSchema,
    creator: z.object({ userId: z.uuid(), amount: nonNegativeWeiSchema }).optional(),
  })
  .refine((s) => s.node === 0n || s.nodeId !== undefined, {
    message: 'nodeId is required when node > 0',
    path: ['nodeId'],
  });
