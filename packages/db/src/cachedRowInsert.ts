import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { columnPlaceholders } from './columnPlaceholders.js';
import type { CachedStatement } from './createStatementCache.js';
import type { Db } from './Db.js';

/**
 * The insert of one row as a {@link CachedStatement}: a placeholder per column the row sets, so one
 * rendering serves every row that sets the same columns (a column left undefined takes its
 * default, as in Drizzle's own insert). The placeholders are named `${prefix}_${column}`, so
 * several statements can be embedded in one without their values meeting.
 *
 * @param executor - builds the statement (any database handle or transaction; it is not run here).
 * @param table - the table.
 * @param row - the row, as Drizzle's insert takes it (plain values only).
 * @param prefix - names the statement's placeholders and its shape.
 * @returns the statement, to run through a StatementCache.
 * @example
 * await statements.run(tx, cachedRowInsert(tx, inferenceTasks, { ...row, reservationId }, 'task'));
 */
export function cachedRowInsert<T extends PgTable>(
  executor: Db,
  table: T,
  row: T['$inferInsert'],
  prefix: string,
): CachedStatement {
  const { columns, placeholders, values, shape } = columnPlaceholders(row as Record<string, unknown>, prefix);
  return {
    key: `${prefix}:insert:${getTableName(table)}:${shape}`,
    build: () => {
      // Drizzle computes a `$defaultFn` when it builds the insert: cached, it would be one value forever.
      for (const [name, column] of Object.entries(getTableColumns(table)))
        if (!columns.includes(name) && (column.defaultFn || column.onUpdateFn))
          throw new Error(
            `cachedRowInsert: ${getTableName(table)}.${name} has a $defaultFn; set it in the row`,
          );
      return executor.insert(table).values(placeholders as T['$inferInsert']);
    },
    values,
  };
}
