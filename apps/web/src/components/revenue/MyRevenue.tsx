'use client';

import { useRevenue } from '@/hooks/useRevenue';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { services } from '@/lib/services/services';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

const serviceName = (id: string) => services.find((service) => service.id === id)?.title ?? id;
/** The streams the platform writes today, in words; a service's own streams show by their name. */
const streamNames: Record<string, string> = {
  inference_node: 'Serving inference on your nodes',
  staking_rewards: 'Staking rewards claimed',
  fartwin_creator: "Your twins' creator fees",
  gamed_sale: 'Game sales (your share, after the refund window)',
  gamed_royalty: 'Royalties on licence resales',
  gamed_resale: 'Licences you resold',
  desci_researcher: 'Research milestones released to you',
  desci_treasury: 'DeSci platform fee (treasury)',
};

/** What this wallet actually earned, per service and revenue stream, updated live over the socket. */
export function MyRevenue() {
  const revenue = useRevenue();
  return (
    <Card aria-labelledby="my-revenue">
      <div className="mb-4 flex items-center justify-between">
        <h2 id="my-revenue" className="text-xl font-semibold">
          Your revenue by service
        </h2>
        <span className="text-xs text-muted">live: {revenue.live}</span>
      </div>
      <DataState
        query={revenue}
        isEmpty={(rows) => rows.length === 0}
        empty="No revenue yet: stake FAR or run a node to earn."
      >
        {(rows) => {
          const totalWei = rows.reduce((sum, row) => sum + row.amountFarWei, 0n);
          const totalUsd = rows.reduce((sum, row) => sum + row.amountUsd, 0);
          return (
            <table className="w-full text-left text-sm" data-testid="revenue-by-stream">
              <thead className="text-muted">
                <tr>
                  <th className="py-2 pr-4 font-normal">Service</th>
                  <th className="py-2 pr-4 font-normal">Stream</th>
                  <th className="py-2 pr-4 text-right font-normal">FAR</th>
                  <th className="py-2 text-right font-normal">USD</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.service}:${row.streamType}`} className="border-t border-line">
                    <td className="py-2 pr-4">{serviceName(row.service)}</td>
                    <td className="py-2 pr-4">{streamNames[row.streamType] ?? row.streamType}</td>
                    <td className="py-2 pr-4 text-right font-mono">{formatFar(row.amountFarWei)}</td>
                    <td className="py-2 text-right">{formatUsd(row.amountUsd)}</td>
                  </tr>
                ))}
                <tr className="border-t border-line font-semibold">
                  <td className="py-2 pr-4" colSpan={2}>
                    Total
                  </td>
                  <td className="py-2 pr-4 text-right font-mono">{formatFar(totalWei)}</td>
                  <td className="py-2 text-right">{formatUsd(totalUsd)}</td>
                </tr>
              </tbody>
            </table>
          );
        }}
      </DataState>
    </Card>
  );
}
