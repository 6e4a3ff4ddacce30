import { z } from 'zod';

/**
 * `fartwin:indexing`: how far the indexing of one uploaded document has got, relayed to its
 * owner's sockets (room `user:{ownerUserId}`) as the `fartwin:indexing` event.
 */
export const FartwinIndexingSchema = z.object({
  twinId: z.uuid(),
  documentId: z.uuid(),
  ownerUserId: z.uuid(),
  status: z.enum(['indexing', 'ready', 'failed']),
  chunksIndexed: z.int().min(0),
  chunksTotal: z.int().min(0),
  at: z.union([z.date(), z.iso.datetime({ offset: true }).transform((v) => new Date(v))]),
});
export type FartwinIndexing = z.output<typeof FartwinIndexingSchema>;
export type FartwinIndexingInput = z.input<typeof FartwinIndexingSchema>;
