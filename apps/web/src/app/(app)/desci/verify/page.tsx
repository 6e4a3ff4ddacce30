import type { Metadata } from 'next';
import { DesciTabs } from '@/components/desci/DesciTabs';
import { PublicationVerifier } from '@/components/desci/PublicationVerifier';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Verify a publication · Far DeSci' };

export default function VerifyPage() {
  return (
    <>
      <PageHeader
        title="Verify a publication"
        lead="Check that a file is exactly the document anchored on chain, and when. The SHA-256 is computed in your browser; the file is never uploaded."
      />
      <DesciTabs current="/desci/verify" />
      <PublicationVerifier />
    </>
  );
}
