import { revenueSourceId } from '@far/contracts';
import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { validationError } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import type { Logger } from '../observability/createLogger.js';
import type { StakingPool } from './readStakingPool.js';
import { revenueServices } from './revenueServices.js';
import type { RevenueService, ServiceRevenue } from './ServiceRevenue.js';
import { summarizeNetworkRevenue } from './summarizeNetworkRevenue.js';

const wei = z
  .string()
  .regex(/^\d+$/)
  .openapi({ description: 'FAR in wei, as a decimal string', example: '1000000000000000000' });
const revenue = z.object({
  revenueFarWei: wei.openapi({ description: 'What the service charged' }),
  stakersFarWei: wei.openapi({ description: "The stakers' share of it" }),
});

const networkRevenueRoute = createRoute({
  method: 'get',
  path: '/api/network/revenue',
  tags: ['network'],
  summary: "Each service's revenue and stakers' share (trailing window and all time), and FARStaking's pool",
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: 'Trailing window' }),
    }),
  },
  responses: {
    200: jsonBody(
      z.object({
        windowDays: z.number().int(),
        since: z.iso.datetime(),
        services: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            status: z.enum(['live', 'coming-soon']),
            revenueSourceId: z.string().openapi({ description: "FARStaking's bytes32 source id" }),
            window: revenue,
            allTime: revenue,
            onChainStakersFarWei: wei.nullable().openapi({
              description: 'What FARStaking has received from the service; null without a chain',
            }),
          }),
        ),
        total: z.object({ window: revenue, allTime: revenue }),
        staking: z
          .object({
            totalStakedWei: wei,
            totalEffectiveWei: wei,
            rewardRateBps: z.number().int(),
            rewardReserveWei: wei,
            totalRevenueNotifiedWei: wei,
          })
          .nullable()
          .openapi({
            description: "FARStaking's pool on chain; null when no chain is configured or it did not answer",
          }),
      }),
      'Revenue by service',
    ),
    ...errorResponses,
  },
});

const text = (r: ServiceRevenue) => ({
  revenueFarWei: r.revenueFarWei.toString(),
  stakersFarWei: r.stakersFarWei.toString(),
});

/**
 * Public network revenue: what each service took in and handed to stakers, for the revenue page
 * and the revenue forecast.
 *
 * @param options - the database, the pool reader (absent without a chain), a logger for a failed
 *   chain read, and optionally the services and clock (tests).
 * @returns the routes.
 * @example
 * root.route('/', revenueRoutes({ db, logger, stakingPool: () => readStakingPool(chain, address, ids) }));
 */
export function revenueRoutes(options: {
  db: Db;
  logger: Logger;
  stakingPool?: (() => Promise<StakingPool>) | undefined;
  services?: readonly RevenueService[];
  now?: () => Date;
}) {
  // A bad `days` is the API's one 422 shape, as on the root app (a sub-app has its own hook).
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  const services = options.services ?? revenueServices;
  app.openapi(networkRevenueRoute, async (c) => {
    const { days } = c.req.valid('query');
    const [report, pool] = await Promise.all([
      summarizeNetworkRevenue(options.db, { services, windowDays: days, now: options.now?.() ?? new Date() }),
      // The report stands without the chain: a node that does not answer costs the pool figures only.
      options.stakingPool?.().catch((error: unknown) => {
        options.logger.warn({ err: error }, 'reading FARStaking for the revenue report failed');
        return undefined;
      }),
    ]);
    return c.json(
      {
        windowDays: report.windowDays,
        since: report.since.toISOString(),
        services: report.services.map((service) => ({
          id: service.id,
          name: service.name,
          status: service.status,
          revenueSourceId: revenueSourceId(service.id),
          window: text(service.window),
          allTime: text(service.allTime),
          onChainStakersFarWei: pool ? (pool.revenueByServiceWei[service.id] ?? 0n).toString() : null,
        })),
        total: { window: text(report.total.window), allTime: text(report.total.allTime) },
        staking: pool
          ? {
              totalStakedWei: pool.totalStakedWei.toString(),
              totalEffectiveWei: pool.totalEffectiveWei.toString(),
              rewardRateBps: Number(pool.rewardRateBps),
              rewardReserveWei: pool.rewardReserveWei.toString(),
              totalRevenueNotifiedWei: pool.totalRevenueNotifiedWei.toString(),
            }
          : null,
      },
      200,
    );
  });
  return app;
}
