import type { Context } from 'hono';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';

/** Every console action's reason: required, said in words. */
export const AdminReasonSchema = z.string().trim().min(3).max(1000);

/**
 * Parses a console request's JSON body with `schema` (the console's routes are not in the public
 * OpenAPI document, so they validate here).
 *
 * @throws BaseError `invalid_json` or `validation_failed` naming the field.
 * @example
 * const { reason } = await readAdminBody(c, z.object({ reason: AdminReasonSchema }));
 */
export async function readAdminBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const body: unknown = await c.req.json().catch(() => {
    throw new BaseError('invalid_json', 'The body must be JSON');
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error, 'body');
  return parsed.data;
}

/**
 * Parses a console request's query string with `schema`.
 *
 * @throws BaseError `validation_failed` naming the parameter.
 */
export function readAdminQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data;
}

/** A 0x wallet address, lower-cased. */
export const AdminWalletSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((wallet) => wallet.toLowerCase() as `0x${string}`);
