import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DesciTabs } from '@/components/desci/DesciTabs';
import { ProposalView } from '@/components/desci/ProposalView';

export const metadata: Metadata = { title: 'Research proposal · Far DeSci' };

export default async function ProposalPage({ params }: { params: Promise<{ proposalId: string }> }) {
  const { proposalId } = await params;
  if (!/^\d{1,30}$/.test(proposalId)) notFound();
  return (
    <>
      <DesciTabs current="/desci" />
      <ProposalView proposalId={BigInt(proposalId)} />
    </>
  );
}
