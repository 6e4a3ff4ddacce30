import { gpuNodes } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode } from '../../../test/support/createLedgerTestParties.js';
import { planPayouts } from './planPayouts.js';

let database: TestDbHandle;
let nodeIds: string[];
beforeAll(async () => {
  database = await createTestDb();
  const ids = [await createLedgerTestNode(database.db), await createLedgerTestNode(database.db)];
  nodeIds = [];
  for (const id of ids) {
    const [row] = await database.db
      .select({ nodeId: gpuNodes.nodeId })
      .from(gpuNodes)
      .where(eq(gpuNodes.id, id));
    nodeIds.push(row?.nodeId ?? '');
  }
});
afterAll(() => database.close());

describe('planPayouts', () => {
  it('pays each node of a failed-over task for its own tokens, and the parts sum to the charge exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.array(
          fc.record({ node: fc.integer({ min: 0, max: 1 }), tokens: fc.integer({ min: 0, max: 5000 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.integer({ min: 0, max: 100 }),
        async (charge, segments, score) => {
          const { parts, total } = await planPayouts(database.db, {
            charge,
            segments: segments.map((s) => ({ nodeId: nodeIds[s.node] as string, tokens: s.tokens })),
            score: () => score,
          });
          const delivered = segments.reduce((sum, s) => sum + s.tokens, 0);
          if (delivered === 0) {
            expect(parts).toEqual([]);
            return;
          }
          expect(parts.reduce((sum, p) => sum + p.amount, 0n)).toBe(charge);
          expect(total.node + total.stakers + total.treasury).toBe(charge);
          for (const part of parts)
            expect(part.split.node + part.split.stakers + part.split.treasury).toBe(part.amount);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gives a node that served twice the tokens twice the share', async () => {
    const { parts } = await planPayouts(database.db, {
      charge: 3_000n,
      segments: [
        { nodeId: nodeIds[0] as string, tokens: 10 },
        { nodeId: nodeIds[1] as string, tokens: 20 },
      ],
      score: () => 80,
    });
    expect(parts.map((p) => p.amount)).toEqual([1_000n, 2_000n]);
    expect(parts.map((p) => p.split.node)).toEqual([600n, 1_200n]);
  });
});
