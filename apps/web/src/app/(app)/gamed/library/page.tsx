import type { Metadata } from 'next';
import { GamedTabs } from '@/components/gamed/GamedTabs';
import { GameLibrary } from '@/components/gamed/GameLibrary';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Library · Far GameD' };

export default function GamedLibraryPage() {
  return (
    <>
      <PageHeader
        title="Your games"
        lead="Every download is checked in your browser against the SHA-256 the studio published on chain."
      />
      <GamedTabs current="/gamed/library" />
      <SignInRequired what="your games">
        <GameLibrary />
      </SignInRequired>
    </>
  );
}
