/**
 * The drivers a test suite should run against: PGlite always, Postgres too when `DATABASE_URL` is
 * set (as in CI). Use with `describe.each(testDrivers())`.
 *
 * @returns `['pglite']` or `['pglite', 'postgres']`.
 * @example
 * describe.each(testDrivers())('ledger on %s', (driver) => { ... createTestDb({ driver }) ... });
 */
export function testDrivers(): Array<'pglite' | 'postgres'> {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}
