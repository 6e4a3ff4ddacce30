'use client';

import { useNetworkRevenue } from '@/hooks/useNetworkRevenue';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

const far = (wei: bigint | null) => (wei === null ? '—' : `${formatFar(wei, 2)} FAR`);

/**
 * What each service actually earned and handed to stakers, from the API: charged revenue and the
 * stakers' share over the last 30 days and all time, and what FARStaking has received on chain.
 * Services that are not live yet are listed with zero.
 */
export function NetworkRevenue() {
  const revenue = useNetworkRevenue(30);
  return (
    <Card aria-labelledby="network-revenue">
      <h2 id="network-revenue" className="mb-4 text-xl font-semibold">
        Network revenue by service
      </h2>
      <DataState query={revenue} empty={null}>
        {(report) => (
          <>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="network-revenue">
                <thead className="text-muted">
                  <tr>
                    <th className="py-2 pr-4 font-normal">Service</th>
                    <th className="py-2 pr-4 text-right font-normal">Revenue, {report.windowDays} days</th>
                    <th className="py-2 pr-4 text-right font-normal">
                      Stakers' share, {report.windowDays} days
                    </th>
                    <th className="py-2 pr-4 text-right font-normal">Stakers' share, all time</th>
                    <th className="py-2 text-right font-normal">Received by FARStaking</th>
                  </tr>
                </thead>
                <tbody>
                  {report.services.map((service) => (
                    <tr
                      key={service.id}
                      className="border-t border-line"
                      data-testid={`service-revenue-${service.id}`}
                    >
                      <td className="py-2 pr-4">
                        {service.name}
                        {service.status === 'coming-soon' ? (
                          <span className="ml-2 text-xs text-muted">not live yet</span>
                        ) : null}
                      </td>
                      <td className="py-2 pr-4 text-right font-mono">{far(service.window.revenueFarWei)}</td>
                      <td className="py-2 pr-4 text-right font-mono">{far(service.window.stakersFarWei)}</td>
                      <td className="py-2 pr-4 text-right font-mono">{far(service.allTime.stakersFarWei)}</td>
                      <td className="py-2 text-right font-mono">{far(service.onChainStakersFarWei)}</td>
                    </tr>
                  ))}
                  <tr className="border-t border-line font-semibold">
                    <td className="py-2 pr-4">Total</td>
                    <td className="py-2 pr-4 text-right font-mono">
                      {far(report.total.window.revenueFarWei)}
                    </td>
                    <td className="py-2 pr-4 text-right font-mono">
                      {far(report.total.window.stakersFarWei)}
                    </td>
                    <td className="py-2 pr-4 text-right font-mono">
                      {far(report.total.allTime.stakersFarWei)}
                    </td>
                    <td className="py-2 text-right font-mono">
                      {far(report.staking?.totalRevenueNotifiedWei ?? null)}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p className="mt-4 text-xs text-muted">
              Revenue is what a service charged its users. The stakers' share reaches FARStaking on chain when
              the charges are settled in batches, and FARStaking streams it to stakers over its revenue
              period.
              {report.staking
                ? null
                : ' The chain could not be read just now, so on-chain figures show as —.'}
            </p>
          </>
        )}
      </DataState>
    </Card>
  );
}
