import type { Metadata } from 'next';
import { GamedTabs } from '@/components/gamed/GamedTabs';
import { StudioDashboard } from '@/components/gamed/StudioDashboard';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Studio · Far GameD' };

export default function GamedStudioPage() {
  return (
    <>
      <PageHeader
        title="Studio"
        lead="Register a game on chain with its price, royalty and transfer rule, upload builds, publish their hashes, and watch sales arrive."
      />
      <GamedTabs current="/gamed/studio" />
      <SignInRequired what="your studio">
        <StudioDashboard />
      </SignInRequired>
    </>
  );
}
