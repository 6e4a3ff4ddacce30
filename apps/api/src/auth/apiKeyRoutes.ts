import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requestClientOf } from '../account/requestClientOf.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../http/openapi.js';
import { createApiKey, listApiKeys, revokeApiKey } from './apiKeys.js';

const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .openapi('ApiKey');

const listRoute = createRoute({
  method: 'get',
  path: '/api/keys',
  tags: ['api keys'],
  summary: "List the caller's API keys (never their secrets)",
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(z.object({ data: z.array(ApiKeySchema) }), 'Keys, newest first'),
    ...errorResponses,
  },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/api/keys',
  tags: ['api keys'],
  summary: 'Create an API key; the key is shown once, in this response only',
  security: [{ bearer: [] }],
  request: {
    body: jsonRequestBody(z.strictObject({ name: z.string().trim().min(1).max(64) })),
  },
  responses: {
    201: jsonBody(
      z.object({
        id: z.uuid(),
        name: z.string(),
        prefix: z.string(),
        key: z.string(),
        createdAt: z.iso.datetime(),
      }),
      'Created',
    ),
    ...errorResponses,
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/keys/{id}',
  tags: ['api keys'],
  summary: 'Revoke an API key; it stops working at once',
  security: [{ bearer: [] }],
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Create, list and revoke API keys for the signed-in caller; each change lands in their activity
 * with the client it came from.
 */
export function apiKeyRoutes(options: {
  db: Db;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** `TRUST_PROXY` (default 0): whose X-Forwarded-For to believe for the activity's client IP. */
  trustedProxyHops?: number;
}) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/keys/*', options.requireCaller);

  app.openapi(listRoute, async (c) => {
    const keys = await listApiKeys(db, c.get('caller').userId);
    return c.json(
      {
        data: keys.map((k) => ({
          ...k,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: iso(k.lastUsedAt),
          revokedAt: iso(k.revokedAt),
        })),
      },
      200,
    );
  });

  app.openapi(createKeyRoute, async (c) => {
    const created = await createApiKey(db, {
      userId: c.get('caller').userId,
      name: c.req.valid('json').name,
      origin: requestClientOf(c, options.trustedProxyHops ?? 0),
    });
    return c.json({ ...created, createdAt: created.createdAt.toISOString() }, 201);
  });

  app.openapi(revokeRoute, async (c) => {
    await revokeApiKey(db, {
      userId: c.get('caller').userId,
      keyId: c.req.valid('param').id,
      origin: requestClientOf(c, options.trustedProxyHops ?? 0),
    });
    return c.body(null, 204);
  });

  return app;
}
