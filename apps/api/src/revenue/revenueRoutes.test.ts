import { revenueSourceId } from '@far/contracts';
import { inferenceTasks, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../errors/toErrorResponse.js';
import { createLogger } from '../observability/createLogger.js';
import { revenueRoutes } from './revenueRoutes.js';
import { revenueServices } from './revenueServices.js';

const NOW = new Date('2026-06-30T00:00:00Z');
const DAY = 86_400_000;
const logger = createLogger('silent');

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
  const [user] = await database.db
    .insert(users)
    .values({ walletAddress: `0x${'ab'.repeat(20)}` })
    .returning({ id: users.id });
  const task = (n: number, completedAt: Date | null, cost: bigint) => ({
    taskId: `revenue-${n}`,
    userId: user?.id ?? '',
    modelName: 'far-demo',
    status: completedAt ? ('completed' as const) : ('running' as const),
    costFarWei: completedAt ? cost : null,
    stakersShareWei: completedAt ? cost / 5n : null,
    completedAt,
  });
  await database.db
    .insert(inferenceTasks)
    .values([
      task(1, new Date(NOW.getTime() - 2 * DAY), 1_000n),
      task(2, new Date(NOW.getTime() - 6 * DAY), 500n),
      task(3, new Date(NOW.getTime() - 40 * DAY), 10_000n),
      task(4, null, 0n),
    ]);
});
afterAll(async () => {
  await database?.close();
});

type Report = {
  windowDays: number;
  since: string;
  services: {
    id: string;
    status: string;
    revenueSourceId: string;
    window: { revenueFarWei: string; stakersFarWei: string };
    allTime: { revenueFarWei: string; stakersFarWei: string };
    onChainStakersFarWei: string | null;
  }[];
  total: { window: { stakersFarWei: string }; allTime: { stakersFarWei: string } };
  staking: { totalStakedWei: string; rewardRateBps: number } | null;
};

const pool = {
  totalStakedWei: 5_000n,
  totalEffectiveWei: 6_000n,
  rewardRateBps: 100n,
  rewardReserveWei: 77n,
  totalRevenueNotifiedWei: 2_300n,
  revenueByServiceWei: { inference: 2_300n },
};

describe('GET /api/network/revenue', () => {
  it("sums each service's charged revenue and stakers' share over the window and all time", async () => {
    const app = revenueRoutes({ db: database.db, logger, stakingPool: async () => pool, now: () => NOW });
    const response = await app.request('/api/network/revenue?days=30');
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.windowDays).toBe(30);
    expect(report.since).toBe(new Date(NOW.getTime() - 30 * DAY).toISOString());
    const inference = report.services.find((s) => s.id === 'inference');
    expect(inference).toEqual({
      id: 'inference',
      name: 'Far Inference',
      status: 'live',
      revenueSourceId: revenueSourceId('inference'),
      window: { revenueFarWei: '1500', stakersFarWei: '300' },
      allTime: { revenueFarWei: '11500', stakersFarWei: '2300' },
      onChainStakersFarWei: '2300',
    });
    expect(report.total.window.stakersFarWei).toBe('300');
    expect(report.total.allTime.stakersFarWei).toBe('2300');
    expect(report.staking).toEqual({
      totalStakedWei: '5000',
      totalEffectiveWei: '6000',
      rewardRateBps: 100,
      rewardReserveWei: '77',
      totalRevenueNotifiedWei: '2300',
    });
  });

  it('lists every service, the ones not live yet with zero revenue', async () => {
    const app = revenueRoutes({ db: database.db, logger, stakingPool: async () => pool, now: () => NOW });
    const report = (await (await app.request('/api/network/revenue?days=3')).json()) as Report;
    expect(report.services.map((s) => s.id)).toEqual(revenueServices.map((s) => s.id));
    expect(report.services.find((s) => s.id === 'inference')?.window).toEqual({
      revenueFarWei: '1000',
      stakersFarWei: '200',
    });
    for (const service of report.services.filter((s) => s.status === 'coming-soon')) {
      expect(service.window).toEqual({ revenueFarWei: '0', stakersFarWei: '0' });
      expect(service.allTime).toEqual({ revenueFarWei: '0', stakersFarWei: '0' });
      expect(service.onChainStakersFarWei).toBe('0');
    }
  });

  it('still answers without the chain: pool figures null, revenue intact', async () => {
    const failing = revenueRoutes({
      db: database.db,
      logger,
      stakingPool: async () => {
        throw new Error('connection refused');
      },
      now: () => NOW,
    });
    const report = (await (await failing.request('/api/network/revenue')).json()) as Report;
    expect(report.windowDays).toBe(30);
    expect(report.staking).toBeNull();
    expect(report.services[0]?.onChainStakersFarWei).toBeNull();
    expect(report.total.allTime.stakersFarWei).toBe('2300');
    const chainless = revenueRoutes({ db: database.db, logger, now: () => NOW });
    expect(((await (await chainless.request('/api/network/revenue')).json()) as Report).staking).toBeNull();
  });

  it('refuses a window outside 1..365 days', async () => {
    const app = new OpenAPIHono();
    app.onError((error, c) => {
      const response = toErrorResponse(error);
      return c.json(response.body, response.status as 422);
    });
    app.route('/', revenueRoutes({ db: database.db, logger, now: () => NOW }));
    const refused = await app.request('/api/network/revenue?days=0');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('days');
    expect((await app.request('/api/network/revenue?days=366')).status).toBe(422);
  });
});
