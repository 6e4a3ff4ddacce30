import { OpenAPIHono, z } from '@hono/zod-openapi';
import { validationError } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../http/openapi.js';

/** Every console action's reason: required, said in words. */
export const AdminReasonSchema = z
  .string()
  .trim()
  .min(3)
  .max(1000)
  .openapi({ description: 'Why, in words; kept in the audit log' });

/** A 0x wallet address, lower-cased. */
export const AdminWalletSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((wallet) => wallet.toLowerCase() as `0x${string}`);

/** The audit row an action wrote (a decimal id). */
export const AuditIdSchema = z.string().openapi({ description: 'The admin_audit_log row of this action' });

/** A positive integer id in a path or query (bigint ids travel as decimal strings). */
export const DecimalIdSchema = z.string().regex(/^[1-9]\d{0,18}$/, 'a positive integer');

/**
 * What every console route shares in `/openapi.json`: the `admin` tag, a wallet session (bearer),
 * and the refusals it can answer besides the common ones.
 */
export const ADMIN_ROUTE: { tags: string[]; security: Record<string, string[]>[] } = {
  tags: ['admin'],
  security: [{ bearer: [] }],
};

/** The error responses of a console route: the common ones, a missing role, an unknown or conflicting target. */
export const adminErrorResponses = {
  ...errorResponses,
  403: jsonBody(ErrorSchema, 'The wallet lacks the role (or an API key was used)'),
  404: jsonBody(ErrorSchema, 'No such target'),
  409: jsonBody(ErrorSchema, 'The target is not in a state for this action'),
  503: jsonBody(ErrorSchema, 'What the action needs does not run here'),
} as const;

/**
 * A router for console routes: an invalid body, query or path parameter is the API's one 422 shape
 * naming the field, as on the root app (a sub-app has its own hook).
 *
 * @example
 * const app = createAdminRouter(); app.openapi(route, handler);
 */
export function createAdminRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
