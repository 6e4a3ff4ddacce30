import { z } from 'zod';
import { validationError } from '../errors/toErrorResponse.js';

/** Idempotency keys are caller-chosen, e.g. `deposit:56:0xabc…:3` or `task:{taskId}:settle`. */
export const idempotencyKeySchema = z.string().min(1).max(200);
export const positiveWeiSchema = z.bigint().positive();
export const nonNegativeWeiSchema = z.bigint().nonnegative();
export const metadataSchema = z.record(z.string(), z.unknown()).optional();

/**
 * Parses a ledger function's parameters, turning a failure into the API's 422 `validation_failed`.
 *
 * @param schema - the zod schema of the parameters.
 * @param value - what the caller passed.
 * @param where - the function name, used when a failure has no field path.
 * @returns the parsed parameters.
 */
export function parseLedgerParams<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}
