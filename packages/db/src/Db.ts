import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * What services receive: a Drizzle database on either driver (postgres-js or PGlite), or an open
 * transaction on one. `db.transaction()` on a transaction opens a savepoint, so a service can be
 * called inside a caller's transaction and still roll back on its own.
 *
 * It carries no relational schema (`db.query.<table>`): nothing used it, and Drizzle builds a
 * query builder for every table of the schema each time it opens a transaction or a savepoint
 * (65 tables: about a tenth of a millisecond of CPU per transaction, two per paid request).
 */
// biome-ignore lint/suspicious/noExplicitAny: the two drivers' query-result types differ; services never read raw results.
export type Db = PgDatabase<PgQueryResultHKT & any>;
