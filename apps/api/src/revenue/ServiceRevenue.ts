import type { Db } from '@far/db';

/** What a service took in and what of it went to stakers, in wei, over some period. */
export type ServiceRevenue = {
  revenueFarWei: bigint;
  stakersFarWei: bigint;
};

/**
 * Sums a service's revenue since a moment (or ever, with `since` null). Each service that earns
 * revenue brings one; the network revenue report calls it for its window and for all time.
 */
export type SummarizeServiceRevenue = (db: Db, since: Date | null) => Promise<ServiceRevenue>;

/** A platform service as the revenue report lists it. */
export type RevenueService = {
  /** The service id: also its `revenue_streams.service` and its FARStaking revenue source name. */
  id: string;
  name: string;
  status: 'live' | 'coming-soon';
  /** Absent while the service has no revenue of its own yet: it reports zero. */
  summarize?: SummarizeServiceRevenue;
};

export const NO_REVENUE: ServiceRevenue = { revenueFarWei: 0n, stakersFarWei: 0n };
