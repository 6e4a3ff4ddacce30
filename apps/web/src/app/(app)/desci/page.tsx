import type { Metadata } from 'next';
import { DesciTabs } from '@/components/desci/DesciTabs';
import { ProposalList } from '@/components/desci/ProposalList';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Far DeSci' };

export default function DesciPage() {
  return (
    <>
      <PageHeader
        title="Far DeSci"
        lead="Research funded milestone by milestone. Backers' FAR stays in escrow and reaches the researcher only when independent reviewers approve each deliverable; if a milestone fails, backers get the rest back to the wei."
      />
      <DesciTabs current="/desci" />
      <ProposalList />
    </>
  );
}
