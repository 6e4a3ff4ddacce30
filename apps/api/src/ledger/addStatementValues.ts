import type { CachedStatement } from '@far/db';

/**
 * Adds the placeholder values of statements sent as CTEs of a larger ledger statement (the task
 * row riding with a posting) to that statement's own, refusing a name used twice: one would
 * silently take the other's value.
 *
 * @param values - the larger statement's values; filled in place.
 * @param statements - the statements riding along.
 * @param where - names the larger statement in the error (`posting`, `reservation`).
 * @throws Error when a placeholder name is used twice.
 */
export function addStatementValues(
  values: Record<string, unknown>,
  statements: readonly CachedStatement[],
  where: string,
): void {
  for (const statement of statements)
    for (const [name, value] of Object.entries(statement.values)) {
      if (name in values) throw new Error(`placeholder ${name} is used twice in one ${where}`);
      values[name] = value;
    }
}
