import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GamedTabs } from '@/components/gamed/GamedTabs';
import { GameView } from '@/components/gamed/GameView';

export const metadata: Metadata = { title: 'Game · Far GameD' };

export default async function GamePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) notFound();
  return (
    <>
      <GamedTabs current={null} />
      <GameView gameRef={slug} />
    </>
  );
}
