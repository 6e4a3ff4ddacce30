/**
 * Whether a database error carries the SQLSTATE `code`, on either driver (postgres.js or PGlite),
 * also when Drizzle wraps it as the cause (`DrizzleQueryError`), however deep.
 *
 * @param error - what a query threw.
 * @param code - the SQLSTATE, e.g. `23505` (unique_violation).
 * @returns true when the error or one of its causes has that code.
 * @example
 * if (hasSqlState(error, '23505')) throw new TwinTermsError('handle_taken', '…');
 */
export function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === code) return true;
  return false;
}
