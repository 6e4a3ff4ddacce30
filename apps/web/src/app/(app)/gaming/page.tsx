import type { Metadata } from 'next';
import { FarcanaArena } from '@/components/gaming/FarcanaArena';
import { OrganiserForm } from '@/components/gaming/OrganiserForm';
import { TournamentList } from '@/components/gaming/TournamentList';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Farcana Game' };

export default function GamingPage() {
  return (
    <>
      <PageHeader
        title="Farcana Game"
        lead="A 60–90 second lane runner. Every run starts from a seed the server issues, and only scores the server has replayed from your inputs reach the leaderboards and the tournament prize pools."
      />
      <FarcanaArena />
      <div className="mt-8">
        <TournamentList />
      </div>
      <div className="mt-8">
        <OrganiserForm />
      </div>
    </>
  );
}
