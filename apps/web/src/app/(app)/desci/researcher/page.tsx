import type { Metadata } from 'next';
import { DesciTabs } from '@/components/desci/DesciTabs';
import { ResearcherDashboard } from '@/components/desci/ResearcherDashboard';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Researcher · Far DeSci' };

export default function ResearcherPage() {
  return (
    <>
      <PageHeader
        title="Researcher dashboard"
        lead="Open a proposal with its milestones and review panel, submit each deliverable (anchored on chain by its SHA-256), and release the funds once the panel approves."
      />
      <DesciTabs current="/desci/researcher" />
      <ResearcherDashboard />
    </>
  );
}
