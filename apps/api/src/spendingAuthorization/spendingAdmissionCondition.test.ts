import { createStatementCache, createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpendingCheck } from './readSpendingCheck.js';
import { spendingAdmissionCondition } from './spendingAdmissionCondition.js';
import { spendingHeadroomWei } from './spendingHeadroomWei.js';

const wei = fc.bigInt({ min: 0n, max: 10n ** 22n });
const statements = createStatementCache();

describe.each(testDrivers())('the spending admission as one SQL condition on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  /** The condition as the database evaluates it, for these balances and this estimate. */
  async function admitsInSql(
    condition: ReturnType<typeof spendingAdmissionCondition>,
    available: bigint,
    estimate: bigint,
  ): Promise<boolean> {
    const [row] = await statements.rows<{ ok: boolean }>(
      testDb.db,
      condition.key,
      () =>
        sql`select (${condition.build({
          available: sql`${sql.placeholder('test_available')}::numeric`,
          amount: sql`${sql.placeholder('test_amount')}::numeric`,
        })}) as ok`,
      { ...condition.values, test_available: available.toString(), test_amount: estimate.toString() },
    );
    return row?.ok === true;
  }

  it('admits exactly what the check in the API admits, for an authorization that admits', async () => {
    const { epoch, depositsStamp } = await readSpendingCheck(testDb.db, crypto.randomUUID(), false);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capWei: wei.map((cap) => cap + 1n),
          unsettled: wei,
          available: wei,
          reserved: wei,
          // At the boundary (what is left, one wei either side) as often as anywhere.
          estimate: fc.oneof(fc.constantFrom(-1n, 0n, 1n), wei),
          atBoundary: fc.boolean(),
        }),
        async ({ capWei, unsettled, available, reserved, estimate: drawn, atBoundary }) => {
          const escrowWei = unsettled + available + reserved;
          const { leftWei } = spendingHeadroomWei({ capWei, admits: true, escrowWei, available, reserved });
          const around = atBoundary ? leftWei + drawn : drawn;
          const estimate = around > 0n ? around : 1n;
          const inApi =
            spendingHeadroomWei({ capWei, admits: true, escrowWei, available, reserved }).leftWei >= estimate;
          const condition = spendingAdmissionCondition({ capWei, escrowWei, depositsStamp, epoch });
          expect(await admitsInSql(condition, available, estimate)).toBe(inApi);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses once the remembered escrow may be stale: another deposits stamp or settlement epoch', async () => {
    const { epoch, depositsStamp } = await readSpendingCheck(testDb.db, crypto.randomUUID(), false);
    const terms = { capWei: 10n, escrowWei: 0n, depositsStamp, epoch };
    expect(await admitsInSql(spendingAdmissionCondition(terms), 5n, 1n)).toBe(true);
    expect(
      await admitsInSql(spendingAdmissionCondition({ ...terms, depositsStamp: `${depositsStamp}x` }), 5n, 1n),
    ).toBe(false);
    expect(await admitsInSql(spendingAdmissionCondition({ ...terms, epoch: epoch + 1n }), 5n, 1n)).toBe(
      false,
    );
  });
});
