import type { ApiAnswer } from '../api/apiAnswer';
import { apiClient } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

type Report = ApiAnswer<'/api/network/revenue', 'get'>;

// Wei arrives as decimal strings; BigInt throws on anything else, which readApiData reports.
const toRevenue = (revenue: Report['total']['window']) => ({
  revenueFarWei: BigInt(revenue.revenueFarWei),
  stakersFarWei: BigInt(revenue.stakersFarWei),
});

const toNetworkRevenue = (report: Report) => ({
  windowDays: report.windowDays,
  since: new Date(report.since),
  services: report.services.map((service) => ({
    id: service.id,
    name: service.name,
    status: service.status,
    revenueSourceId: service.revenueSourceId,
    window: toRevenue(service.window),
    allTime: toRevenue(service.allTime),
    onChainStakersFarWei: service.onChainStakersFarWei === null ? null : BigInt(service.onChainStakersFarWei),
  })),
  total: { window: toRevenue(report.total.window), allTime: toRevenue(report.total.allTime) },
  staking: report.staking
    ? {
        totalStakedWei: BigInt(report.staking.totalStakedWei),
        totalEffectiveWei: BigInt(report.staking.totalEffectiveWei),
        rewardRateBps: report.staking.rewardRateBps,
        rewardReserveWei: BigInt(report.staking.rewardReserveWei),
        totalRevenueNotifiedWei: BigInt(report.staking.totalRevenueNotifiedWei),
      }
    : null,
});

/**
 * Each service's revenue and stakers' share over the trailing window and all time, and FARStaking's
 * pool, from `GET /api/network/revenue` (public).
 * @param options - `days`: the trailing window (default 30); `signal` to stop waiting
 * @returns the report with wei as bigint
 * @example const { services } = await fetchNetworkRevenue({ days: 30 });
 */
export function fetchNetworkRevenue(options: { days?: number; signal?: AbortSignal } = {}) {
  return readApiData(
    apiClient.GET('/api/network/revenue', {
      params: { query: { days: options.days ?? 30 } },
      ...(options.signal ? { signal: options.signal } : {}),
    }),
    toNetworkRevenue,
  );
}
