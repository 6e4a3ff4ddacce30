import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { createTwin } from './createTwin.js';
import { deleteTwin } from './deleteTwin.js';
import { duplicateTwin } from './duplicateTwin.js';
import { findOwnedTwin, findVisibleTwin } from './findVisibleTwin.js';
import { listGalleryTwins } from './listGalleryTwins.js';
import { listOwnedTwins } from './listOwnedTwins.js';
import { callerIfAny, optionalCaller } from './optionalCaller.js';
import { toTwinResponse } from './toTwinResponse.js';
import { CreateTwinSchema, HandleSchema, TwinSchema, UpdateTwinSchema } from './twinSchemas.js';
import { updateTwin } from './updateTwin.js';

const tags = ['fartwin'];
const security = [{ bearer: [] }];
const HandleParams = z.object({ handle: HandleSchema });
const notFound = { 404: jsonBody(ErrorSchema, 'No such twin, or a private twin that is not yours') };
const TwinBody = (description: string) => jsonBody(TwinSchema, description);

const galleryRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/twins',
  tags,
  summary: 'The gallery: public twins, searchable, by category, most used first',
  request: {
    query: z.object({
      search: z.string().trim().min(1).max(100).optional(),
      category: z.string().max(40).optional(),
      sort: z.enum(['most_used', 'newest']).default('most_used'),
      limit: z.coerce.number().int().min(1).max(100).default(24),
      offset: z.coerce.number().int().min(0).max(10_000).default(0),
    }),
  },
  responses: { 200: jsonBody(z.object({ data: z.array(TwinSchema) }), 'Public twins'), ...errorResponses },
});

const mineRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/my/twins',
  tags,
  summary: "The caller's own twins, every visibility",
  security,
  responses: { 200: jsonBody(z.object({ data: z.array(TwinSchema) }), 'Your twins'), ...errorResponses },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/twins/{handle}',
  tags,
  summary: 'One twin (a private twin answers 404 to everyone but its owner)',
  request: { params: HandleParams },
  responses: { 200: TwinBody('The twin'), ...notFound, ...errorResponses },
});

const createTwinRoute = createRoute({
  method: 'post',
  path: '/api/fartwin/twins',
  tags,
  summary: 'Create a twin; it answers as the model `twin:<handle>`',
  security,
  request: { body: jsonRequestBody(CreateTwinSchema) },
  responses: {
    201: TwinBody('Created'),
    409: jsonBody(ErrorSchema, 'Handle taken'),
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/api/fartwin/twins/{handle}',
  tags,
  summary: "Edit a twin's settings (owner only)",
  security,
  request: { params: HandleParams, body: jsonRequestBody(UpdateTwinSchema) },
  responses: { 200: TwinBody('Updated'), ...notFound, ...errorResponses },
});

const duplicateRoute = createRoute({
  method: 'post',
  path: '/api/fartwin/twins/{handle}/duplicate',
  tags,
  summary: 'Copy a twin you own, with its knowledge, under a new handle (private and free)',
  security,
  request: { params: HandleParams, body: jsonRequestBody(z.strictObject({ handle: HandleSchema })) },
  responses: {
    201: TwinBody('The copy'),
    409: jsonBody(ErrorSchema, 'Handle taken'),
    ...notFound,
    ...errorResponses,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/fartwin/twins/{handle}',
  tags,
  summary: 'Delete a twin and every document, chunk, conversation and memory of it (owner only)',
  security,
  request: { params: HandleParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

/** The twins themselves: gallery, studio list, create, read, edit, duplicate, delete. */
export function twinRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const { db, requireCaller } = options;
  const app = new OpenAPIHono<AppEnv>();
  const maybeCaller = optionalCaller(requireCaller);
  app.use('/api/fartwin/my/*', requireCaller);
  // Reads are open (a private twin shows only to its owner); writes need a caller.
  const byMethod: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === 'GET' ? maybeCaller(c, next) : requireCaller(c, next);
  // Exact paths: the knowledge, memory and conversation routes below a twin authenticate themselves.
  app.use('/api/fartwin/twins', byMethod);
  app.use('/api/fartwin/twins/:handle', byMethod);
  app.use('/api/fartwin/twins/:handle/duplicate', byMethod);

  app.openapi(galleryRoute, async (c) => {
    const data = await listGalleryTwins(db, c.req.valid('query'), callerIfAny(c)?.userId);
    return c.json({ data }, 200);
  });

  app.openapi(mineRoute, async (c) =>
    c.json({ data: await listOwnedTwins(db, c.get('caller').userId) }, 200),
  );

  app.openapi(getRoute, async (c) => {
    const viewer = callerIfAny(c)?.userId;
    const { twin, ownerAddress } = await findVisibleTwin(db, c.req.valid('param').handle, viewer);
    return c.json(toTwinResponse(twin, ownerAddress, viewer), 200);
  });

  app.openapi(createTwinRoute, async (c) => {
    const caller = c.get('caller');
    const twin = await createTwin(db, caller.userId, c.req.valid('json'));
    return c.json(toTwinResponse(twin, caller.walletAddress, caller.userId), 201);
  });

  app.openapi(updateRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin, ownerAddress } = await findOwnedTwin(db, c.req.valid('param').handle, userId);
    const updated = await updateTwin(db, twin, c.req.valid('json'));
    return c.json(toTwinResponse(updated, ownerAddress, userId), 200);
  });

  app.openapi(duplicateRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin, ownerAddress } = await findOwnedTwin(db, c.req.valid('param').handle, userId);
    const copy = await duplicateTwin(db, twin, c.req.valid('json').handle);
    return c.json(toTwinResponse(copy, ownerAddress, userId), 201);
  });

  app.openapi(deleteRoute, async (c) => {
    const { twin } = await findOwnedTwin(db, c.req.valid('param').handle, c.get('caller').userId);
    await deleteTwin(db, twin.id);
    return c.body(null, 204);
  });

  return app;
}
