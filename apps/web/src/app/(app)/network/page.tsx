import type { Metadata } from 'next';
import { NetworkCharts } from '@/components/network/NetworkCharts';
import { NodeScores } from '@/components/network/NodeScores';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Network' };

export default function NetworkPage() {
  return (
    <>
      <PageHeader
        title="Network"
        lead="The GPU network over time (sampled every minute, kept hourly for 30 days and daily beyond) and every node's score with the measurements behind it."
      />
      <div className="flex flex-col gap-8">
        <NetworkCharts />
        <NodeScores />
      </div>
    </>
  );
}
