import type { Metadata } from 'next';
import { StakingPanel } from '@/components/staking/StakingPanel';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: '$FAR Staking' };

export default function StakingPage() {
  return (
    <>
      <PageHeader
        title="$FAR Staking"
        lead="Stakers earn 20% of every service's revenue. Longer locks earn a higher multiplier."
      />
      <StakingPanel />
    </>
  );
}
