import fc from 'fast-check';
import { parseEther } from 'viem';
import { NODE_COUNT, USER_COUNT } from './invariantModel.js';
import { Authorize } from './settlementCommands.js';

/** Generators for the commands' arguments, and the signed-authorization command built from them. */
export const amount = fc.oneof(
  fc.bigInt({ min: 1n, max: parseEther('30') }),
  fc.bigInt({ min: 1n, max: 1000n }),
);
export const user = fc.integer({ min: 0, max: USER_COUNT - 1 });
export const node = fc.integer({ min: 0, max: NODE_COUNT - 1 });
export const score = fc.integer({ min: 0, max: 150 });
export const authorizeBy = (who: fc.Arbitrary<number>) =>
  fc
    .tuple(
      who,
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom(0, 1, 1, 1, 2, 3),
      fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      fc.boolean(),
    )
    .map(([u, c, e, n, forged, viaBatch]) => new Authorize(u, c, e, n, forged, viaBatch));
