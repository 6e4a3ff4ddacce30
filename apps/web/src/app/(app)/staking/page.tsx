import type { Metadata } from 'next';
import { StakingPanel } from '@/components/staking/StakingPanel';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: '$FAR Staking' };

export default function StakingPage() {
  return (
    <>
      <PageHeader
        title="$FAR Staking"
        lead="Stakers share the stakers' part of every registered service's revenue (20% of Far Inference's today) by lock-weighted stake, plus a base APY while its reserve lasts. Longer locks weigh more."
      />
      <StakingPanel />
    </>
  );
}
