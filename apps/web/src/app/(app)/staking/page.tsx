import type { Metadata } from 'next';
import { StakingPanel } from '@/components/staking/StakingPanel';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: '$FAR Staking' };

export default function StakingPage() {
  return (
    <>
      <PageHeader
        title="$FAR Staking"
        lead="Stakers earn the stakers' share of every service registered with FARStaking (20% of Far Inference's revenue today), split by lock-weighted stake, plus a base APY while its reserve lasts. Longer locks weigh more."
      />
      <StakingPanel />
    </>
  );
}
