import type { Metadata } from 'next';
import { GameCatalogue } from '@/components/gamed/GameCatalogue';
import { GamedTabs } from '@/components/gamed/GamedTabs';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Far GameD' };

export default function GamedStorePage() {
  return (
    <>
      <PageHeader
        title="Far GameD"
        lead="A game store where your licence is a token you own: refund it within 14 days, resell it under the studio's rules, and verify every download against the build hash the studio published on chain."
      />
      <GamedTabs current="/gamed" />
      <GameCatalogue />
    </>
  );
}
