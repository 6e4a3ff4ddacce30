import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'name: Too small: expected string to have >=1 characters' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

/**
 * A request field that must be absent, refused with `message` when present. `z.undefined()` says
 * the same to zod, but the OpenAPI generator cannot render it and `/openapi.json` answered 500.
 *
 * @param message - what the client is told when it sends the field anyway.
 * @returns an optional schema rendered as `{ not: {} }` (no value allowed).
 * @example
 * z.object({ tools: refusedField('tools are not supported') });
 */
export function refusedField(message: string) {
  return z
    .unknown()
    .refine((value) => value === undefined, { message })
    .optional()
    .openapi({ not: {}, description: message });
}

/** A JSON response entry for createRoute. */
export function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** The error responses every route can return, in the one error shape. */
export const errorResponses = {
  400: jsonBody(ErrorSchema, 'Malformed request'),
  401: jsonBody(ErrorSchema, 'Not authenticated'),
  422: jsonBody(ErrorSchema, 'Invalid input; the message names the field'),
  429: jsonBody(ErrorSchema, 'Rate limited; see Retry-After'),
  500: jsonBody(ErrorSchema, 'Internal error (no details leak)'),
} as const;

/**
 * A required JSON request body for createRoute, validated by `schema` before the handler runs.
 *
 * @example
 * createRoute({ method: 'post', path: '/api/keys', request: { body: jsonRequestBody(KeySchema) }, … });
 */
export function jsonRequestBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}
