import type { Db } from '@far/db';
import { NO_REVENUE, type RevenueService, type ServiceRevenue } from './ServiceRevenue.js';

/** One service's revenue in the trailing window and since it started. */
export type ServiceRevenueSummary = {
  id: string;
  name: string;
  status: RevenueService['status'];
  window: ServiceRevenue;
  allTime: ServiceRevenue;
};

/** Every service's revenue, and the network's, over the trailing `windowDays`. */
export type NetworkRevenueSummary = {
  windowDays: number;
  since: Date;
  services: ServiceRevenueSummary[];
  total: { window: ServiceRevenue; allTime: ServiceRevenue };
};

const add = (a: ServiceRevenue, b: ServiceRevenue): ServiceRevenue => ({
  revenueFarWei: a.revenueFarWei + b.revenueFarWei,
  stakersFarWei: a.stakersFarWei + b.stakersFarWei,
});

/**
 * Each service's revenue and stakers' share over the trailing window and for all time, plus the
 * network's totals. A service without a summarizer (not live yet) reports zero.
 *
 * @param db - the database.
 * @param params - the services to report, the window in days and the current time.
 * @returns one entry per service, in the given order, and the totals.
 * @example
 * const report = await summarizeNetworkRevenue(db, { services: revenueServices, windowDays: 30, now: new Date() });
 */
export async function summarizeNetworkRevenue(
  db: Db,
  params: { services: readonly RevenueService[]; windowDays: number; now: Date },
): Promise<NetworkRevenueSummary> {
  const since = new Date(params.now.getTime() - params.windowDays * 86_400_000);
  const services: ServiceRevenueSummary[] = [];
  for (const service of params.services) {
    const [window, allTime] = service.summarize
      ? await Promise.all([service.summarize(db, since), service.summarize(db, null)])
      : [NO_REVENUE, NO_REVENUE];
    services.push({ id: service.id, name: service.name, status: service.status, window, allTime });
  }
  const total = services.reduce(
    (sum, service) => ({
      window: add(sum.window, service.window),
      allTime: add(sum.allTime, service.allTime),
    }),
    { window: NO_REVENUE, allTime: NO_REVENUE },
  );
  return { windowDays: params.windowDays, since, services, total };
}
