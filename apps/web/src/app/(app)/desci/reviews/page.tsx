import type { Metadata } from 'next';
import { DesciTabs } from '@/components/desci/DesciTabs';
import { ReviewQueue } from '@/components/desci/ReviewQueue';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Review queue · Far DeSci' };

export default function ReviewsPage() {
  return (
    <>
      <PageHeader
        title="Review queue"
        lead="Deliverables awaiting your decision. Your signature costs no gas; your written review is published, under your wallet, once the panel has decided."
      />
      <DesciTabs current="/desci/reviews" />
      <SignInRequired what="the milestones awaiting your review">
        <ReviewQueue />
      </SignInRequired>
    </>
  );
}
