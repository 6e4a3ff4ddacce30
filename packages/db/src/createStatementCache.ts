import type { Query, SQL, SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './Db.js';

/**
 * One run of a cached statement, bundled so it can be handed around (and embedded in a larger
 * cached statement, see the ledger's postings): what {@link StatementCache.rows} takes.
 */
export type CachedStatement = {
  /** Names the shape; unique among the statements one cache runs (prefix it with what builds it). */
  key: string;
  /** The statement, with `sql.placeholder(name)` for every value in `values`. */
  build: () => SQL | SQLWrapper;
  values: Readonly<Record<string, unknown>>;
};

export type StatementCache = {
  /**
   * Runs the statement of shape `key`, building and rendering it only the first time that shape is
   * seen; `values` fill its `sql.placeholder(name)`s (through the columns' encoders, as Drizzle's
   * prepared queries do).
   *
   * @param executor - a database or an open transaction.
   * @param key - names the shape: everything `build` reads besides the placeholders.
   * @param build - the statement, with a placeholder for every value that varies within the shape.
   * @param values - the placeholders' values.
   * @returns the rows, typed as the caller says.
   */
  rows<R>(
    executor: Db,
    key: string,
    build: () => SQL | SQLWrapper,
    values: Readonly<Record<string, unknown>>,
  ): Promise<R[]>;
  /** {@link StatementCache.rows} for a statement that needs no answer. */
  run(executor: Db, statement: CachedStatement): Promise<void>;
};

/**
 * Statements rendered to SQL text once per shape. Drizzle renders a statement's SQL afresh on
 * every run, walking every table, column and condition of it; for the ledger's lock statements
 * that took ~0.2 ms of CPU each (issue 12), more than the database took to run them.
 *
 * @param limit - shapes kept; the oldest is dropped beyond it.
 * @returns the cache.
 * @example
 * const statements = createStatementCache();
 * const rows = await statements.rows<{ id: string }>(tx, 'user-by-id', () => sql`select id from users where id = ${sql.placeholder('id')}`, { id });
 */
export function createStatementCache(limit = 256): StatementCache {
  const dialect = new PgDialect();
  const queries = new Map<string, Query>();
  const cache: StatementCache = {
    async rows<R>(
      executor: Db,
      key: string,
      build: () => SQL | SQLWrapper,
      values: Readonly<Record<string, unknown>>,
    ) {
      let query = queries.get(key);
      if (query === undefined) {
        query = dialect.sqlToQuery(build().getSQL());
        if (queries.size >= limit) queries.delete(queries.keys().next().value as string);
        queries.set(key, query);
      }
      const result: unknown = await executor._.session
        .prepareQuery(query, undefined, undefined, false)
        .execute(values);
      // postgres-js answers an array of rows, PGlite `{ rows }`.
      return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
    },
    async run(executor, statement) {
      await cache.rows(executor, statement.key, statement.build, statement.values);
    },
  };
  return cache;
}
