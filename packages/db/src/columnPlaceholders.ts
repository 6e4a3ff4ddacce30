import { type Placeholder, type SQL, sql } from 'drizzle-orm';

/** A row's columns as a cached statement's placeholders (see cachedRowInsert, cachedRowUpdate). */
export type ColumnPlaceholders = {
  /** The columns the row sets (those left undefined are not), sorted. */
  columns: string[];
  /** Each column's placeholder, named `${prefix}_${column}`, or SQL `null` for a null. */
  placeholders: Record<string, Placeholder | SQL>;
  /** The placeholders' values. */
  values: Record<string, unknown>;
  /** Names the shape: the columns, the null ones marked. */
  shape: string;
};

/**
 * Splits a row into placeholders and their values. A null is written as such and is part of the
 * shape: Drizzle's encoders are not meant for it (a numeric column's would send the text 'null').
 *
 * @param row - column (property) names to values, as Drizzle's insert or update takes them.
 * @param prefix - names the placeholders.
 * @returns the columns, placeholders, values and shape.
 */
export function columnPlaceholders(
  row: Readonly<Record<string, unknown>>,
  prefix: string,
): ColumnPlaceholders {
  const columns = Object.keys(row)
    .filter((column) => row[column] !== undefined)
    .sort();
  const placeholders: Record<string, Placeholder | SQL> = {};
  const values: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column];
    if (value === null) {
      placeholders[column] = sql`null`;
    } else {
      placeholders[column] = sql.placeholder(`${prefix}_${column}`);
      values[`${prefix}_${column}`] = value;
    }
  }
  const shape = columns.map((column) => (row[column] === null ? `${column}=null` : column)).join(',');
  return { columns, placeholders, values, shape };
}
