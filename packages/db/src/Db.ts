import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** The schema object passed to Drizzle, so relational queries (`db.query.users`) are typed. */
export type Schema = typeof schema;

/**
 * What services receive: a Drizzle database on either driver (postgres-js or PGlite), or an open
 * transaction on one. `db.transaction()` on a transaction opens a savepoint, so a service can be
 * called inside a caller's transaction and still roll back on its own.
 */
// biome-ignore lint/suspicious/noExplicitAny: the two drivers' query-result types differ; services never read raw results.
export type Db = PgDatabase<PgQueryResultHKT & any, Schema>;
