import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../http/openapi.js';
import { listTwinEarnings } from './listTwinEarnings.js';

const Wei = z.string().regex(/^\d+$/).openapi({ description: 'FAR wei, decimal string' });
const TwinEarningsSchema = z
  .object({
    twinId: z.uuid().nullable().openapi({ description: 'null once the twin was deleted' }),
    handle: z.string(),
    chats: z.number().int(),
    tokens: z.number().int(),
    earnedWei: Wei,
    settledWei: Wei.openapi({ description: 'credited on chain by a mined settlement batch' }),
    pendingWei: Wei.openapi({ description: 'charged, waiting for the next settlement batch' }),
  })
  .openapi('TwinEarnings');

const earningsRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/earnings',
  tags: ['fartwin'],
  security: [{ bearer: [] }],
  summary: "Your twins' creator-fee earnings, per twin, pending and settled on chain",
  description:
    'Settled earnings are credited to your wallet in InferencePayment (`creatorCredit`); withdraw them with `withdrawCreatorEarnings`.',
  responses: {
    200: jsonBody(
      z.object({
        twins: z.array(TwinEarningsSchema),
        totals: z.object({ earnedWei: Wei, settledWei: Wei, pendingWei: Wei }),
      }),
      'Most earned first',
    ),
    ...errorResponses,
  },
});

/**
 * `GET /api/fartwin/earnings`: the caller's earnings per twin (tokens served, fee earned, pending vs
 * settled on chain).
 */
export function earningsRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/fartwin/earnings', options.requireCaller);
  app.openapi(earningsRoute, async (c) => {
    const { userId } = c.get('caller');
    const twins = await listTwinEarnings(options.db, userId);
    const total = (pick: (t: (typeof twins)[number]) => bigint) =>
      twins.reduce((sum, t) => sum + pick(t), 0n).toString();
    return c.json(
      {
        twins: twins.map((t) => ({
          ...t,
          earnedWei: t.earnedWei.toString(),
          settledWei: t.settledWei.toString(),
          pendingWei: t.pendingWei.toString(),
        })),
        totals: {
          earnedWei: total((t) => t.earnedWei),
          settledWei: total((t) => t.settledWei),
          pendingWei: total((t) => t.pendingWei),
        },
      },
      200,
    );
  });
  return app;
}
