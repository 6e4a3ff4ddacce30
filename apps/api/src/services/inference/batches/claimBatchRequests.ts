import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../ledger/rowsOf.js';
import type { BatchEndpoint } from './batchLimits.js';
import type { ClaimedBatchRequest } from './runBatchRequest.js';
import type { BatchSlotKind } from './spareBatchSlots.js';

/** The batch endpoints whose requests need a node serving the model for `capability`. */
const ENDPOINTS_OF: Record<BatchSlotKind['capability'], BatchEndpoint[]> = {
  chat: ['/v1/chat/completions', '/v1/completions'],
  embeddings: ['/v1/embeddings'],
};

/**
 * Claims up to `limit` waiting requests of one kind (model and capability: chat and completions
 * need a chat node, embeddings an embeddings one) for one runner, oldest batch first and in line
 * order: each becomes `running`, held by `runnerId` until `leaseMs` from now, its attempt counted.
 * A request is waiting when `pending` (past its retry wait) or `running` under a lease that ran out
 * (its runner died). Rows are taken `for update skip locked`, so replicas claiming at once never
 * take the same request.
 *
 * @param db - the database.
 * @param params - the runner, its lease, the kind of request and how many at most.
 * @returns the claimed requests with their batch's owner and discount.
 */
export async function claimBatchRequests(
  db: Db,
  params: { runnerId: string; leaseMs: number; kind: BatchSlotKind; limit: number },
): Promise<ClaimedBatchRequest[]> {
  const claimed: ClaimedBatchRequest[] = [];
  const { model, capability } = params.kind;
  const { limit } = params;
  if (limit > 0) {
    const endpoints = sql.join(
      ENDPOINTS_OF[capability].map((e) => sql`${e}`),
      sql`, `,
    );
    const rows = await rowsOf<{
      batch_id: string;
      custom_id: string;
      attempts: number;
      body: Record<string, unknown>;
      endpoint: BatchEndpoint;
      user_id: string;
      api_key_id: string | null;
      discount_bps: number;
      wallet_address: `0x${string}`;
    }>(
      db,
      sql`with waiting as (
            select r.batch_id, r.custom_id
              from batch_requests r join batches b on b.id = r.batch_id
             where b.status = 'in_progress' and b.expires_at > now()
               and r.body->>'model' = ${model} and b.endpoint in (${endpoints})
               and ((r.status = 'pending' and (r.claimed_until is null or r.claimed_until < now()))
                 or (r.status = 'running' and r.claimed_until < now()))
             order by b.created_at, r.batch_id, r.line
             limit ${limit}
               for update of r skip locked
          ), claimed as (
            update batch_requests r
               set status = 'running', attempts = r.attempts + 1, claimed_by = ${params.runnerId},
                   claimed_until = now() + make_interval(secs => ${params.leaseMs / 1000})
              from waiting w
             where r.batch_id = w.batch_id and r.custom_id = w.custom_id
         returning r.batch_id, r.custom_id, r.attempts, r.body
          )
          select c.*, b.endpoint, b.user_id, b.api_key_id, b.discount_bps, u.wallet_address
            from claimed c join batches b on b.id = c.batch_id join users u on u.id = b.user_id`,
    );
    for (const row of rows) {
      claimed.push({
        batchId: row.batch_id,
        customId: row.custom_id,
        attempt: row.attempts,
        url: row.endpoint,
        body: row.body,
        userId: row.user_id,
        walletAddress: row.wallet_address,
        apiKeyId: row.api_key_id,
        discountBps: row.discount_bps,
      });
    }
  }
  return claimed;
}
