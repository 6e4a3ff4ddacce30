import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitRevenue } from '../src/splitRevenue.js';
import { deployFixture, type Fixture } from './support/deployFixture.js';

describe('splitRevenue (TypeScript) = InferencePayment.splitRevenue (Solidity)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await deployFixture();
  });

  it('agrees bit for bit on random costs and scores, including out-of-range scores', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 96n - 1n })),
        fc.integer({ min: 0, max: 300 }),
        async (cost, score) => {
          const [node, stakers, treasury] = await f.read({
            ...f.payment,
            functionName: 'splitRevenue',
            args: [cost, BigInt(score)],
          });
          expect({ node, stakers, treasury }).toEqual(splitRevenue(cost, score));
        },
      ),
      { numRuns: 500 },
    );
  });
});
