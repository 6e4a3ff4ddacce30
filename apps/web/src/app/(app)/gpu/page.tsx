import type { Metadata } from 'next';
import { MyNodes } from '@/components/gpu/MyNodes';
import { NodeBondCard } from '@/components/gpu/NodeBondCard';
import { NodeEarnings } from '@/components/gpu/NodeEarnings';
import { RunNodeCommand } from '@/components/gpu/RunNodeCommand';
import { NetworkCharts } from '@/components/network/NetworkCharts';
import { NodeScores } from '@/components/network/NodeScores';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';
import { readPublicConfig } from '@/lib/config/readPublicConfig';

export const metadata: Metadata = { title: 'Far GPU De-Pin' };

export default function GpuPage() {
  const coordinatorUrl = readPublicConfig().apiUrl;
  return (
    <>
      <PageHeader
        title="Far GPU De-Pin"
        lead="Supply your GPU to the network, watch it work live, and withdraw what it earns."
      />
      <div className="flex flex-col gap-6">
        <RunNodeCommand coordinatorUrl={coordinatorUrl} />
        <SignInRequired what="your nodes, bonds and earnings">
          <NodeBondCard />
          <MyNodes />
          <NodeEarnings />
        </SignInRequired>
        <NodeScores />
        <NetworkCharts which={['nodes', 'throughput']} />
      </div>
    </>
  );
}
