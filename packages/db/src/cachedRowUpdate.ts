import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { columnPlaceholders } from './columnPlaceholders.js';
import type { CachedStatement } from './createStatementCache.js';
import type { Db } from './Db.js';

/**
 * The update of one row, found by a key column, as a {@link CachedStatement}: a placeholder per
 * column it sets, so one rendering serves every update that sets the same columns (a column left
 * undefined is not set, as in Drizzle's own update). The placeholders are named
 * `${prefix}_${column}` and `${prefix}.key` (no column's name holds a dot).
 *
 * @param executor - builds the statement (any database handle or transaction; it is not run here).
 * @param table - the table.
 * @param keyColumn - the column that finds the row (`where keyColumn = key`).
 * @param key - its value.
 * @param set - the columns to set, as Drizzle's update takes them (plain values only).
 * @param prefix - names the statement's placeholders and its shape.
 * @returns the statement, to run through a StatementCache.
 * @example
 * await statements.run(tx, cachedRowUpdate(tx, inferenceTasks, inferenceTasks.id, id, { status: 'completed' }, 'task'));
 */
export function cachedRowUpdate<T extends PgTable>(
  executor: Db,
  table: T,
  keyColumn: PgColumn,
  key: unknown,
  set: PgUpdateSetSource<T>,
  prefix: string,
): CachedStatement {
  const { columns, placeholders, values, shape } = columnPlaceholders(set as Record<string, unknown>, prefix);
  values[`${prefix}.key`] = key;
  return {
    key: `${prefix}:update:${getTableName(table)}:${keyColumn.name}:${shape}`,
    build: () => {
      // Drizzle computes an `$onUpdate` when it builds the update: cached, it would be one value forever.
      for (const [name, column] of Object.entries(getTableColumns(table)))
        if (!columns.includes(name) && column.onUpdateFn)
          throw new Error(`cachedRowUpdate: ${getTableName(table)}.${name} has an $onUpdate; set it`);
      return executor
        .update(table)
        .set(placeholders as PgUpdateSetSource<T>)
        .where(eq(keyColumn, sql.placeholder(`${prefix}.key`)));
    },
    values,
  };
}
