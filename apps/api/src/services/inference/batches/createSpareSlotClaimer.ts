import type { Db } from '@far/db';
import { claimBatchRequests } from './claimBatchRequests.js';
import type { ClaimedBatchRequest } from './runBatchRequest.js';
import { batchSlotKey, type SpareBatchSlots } from './spareBatchSlots.js';

/** A batch runner's claims on spare slots, remembering which kinds of request ran out. */
export type SpareSlotClaimer = {
  /** Claims waiting requests for the spare slots, at most `budget`; skips the kinds found drained. */
  claim(spare: SpareBatchSlots, budget: number): Promise<ClaimedBatchRequest[]>;
  /** Forgets which kinds were drained: the next claim asks for every kind (the timer's pass). */
  lookAgain(): void;
};

/**
 * Claims waiting requests kind by kind, each taking a real node slot (`take`), so a node serving
 * several models or capabilities is not offered once per model; the budget (the runner's own
 * bound) caps the total. A kind whose claim finds fewer requests than it offered slots for is
 * drained: until `lookAgain`, a freed slot has nothing of it to claim and costs no query. At
 * interactive rates a slot frees with every request; this keeps the claim off that path while no
 * batch is waiting, at the cost of a request batched meanwhile waiting for the runner's next pass.
 *
 * @param db - the database.
 * @param params - the runner's id and lease.
 * @returns the claimer.
 * @example
 * const claimer = createSpareSlotClaimer(db, { runnerId, leaseMs: 60_000 });
 * for (const request of await claimer.claim(spareBatchSlots(registry, queued, 0.25), 16)) launch(request);
 */
export function createSpareSlotClaimer(
  db: Db,
  params: { runnerId: string; leaseMs: number },
): SpareSlotClaimer {
  const drained = new Set<string>();
  return {
    async claim(spare, budget) {
      const claimed: ClaimedBatchRequest[] = [];
      for (const kind of spare.kinds()) {
        const key = batchSlotKey(kind);
        const limit = Math.min(budget - claimed.length, spare.available(kind));
        if (limit <= 0 || drained.has(key)) continue;
        const rows = await claimBatchRequests(db, { ...params, kind, limit });
        spare.take(kind, rows.length);
        claimed.push(...rows);
        if (rows.length < limit) drained.add(key);
        else drained.delete(key);
        if (claimed.length >= budget) break;
      }
      return claimed;
    },
    lookAgain() {
      drained.clear();
    },
  };
}
