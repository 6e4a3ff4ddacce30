'use client';

import Link from 'next/link';
import { useStudioGames } from '@/hooks/useGamedQueries';
import { formatFar } from '@/lib/format/formatFar';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { BuildUploader } from './BuildUploader';
import { CreateGameForm } from './CreateGameForm';
import { SaleNotices } from './SaleNotices';
import { StudioPayout } from './StudioPayout';

/**
 * The studio's dashboard: create a game, then per game its sales, refunds, gross revenue and
 * downloads (refreshed every few seconds, so a sale appears moments after it is mined) and the
 * build uploader; above them the studio's payout (withdrawable balance, sales to settle).
 */
export function StudioDashboard() {
  const games = useStudioGames();
  return (
    <div className="flex flex-col gap-6">
      <SaleNotices />
      <CreateGameForm />
      {games.isError ? (
        <Card role="alert" className="text-red-200">
          {describeError(games.error)}
        </Card>
      ) : null}
      {games.data && games.data.length > 0 ? <StudioPayout games={games.data} /> : null}
      {games.data?.map((game) => (
        <Card key={game.id} data-testid="studio-game" className="flex flex-col gap-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-xl font-semibold text-white">
              <Link href={`/gamed/${game.slug}`} className="hover:underline">
                {game.title}
              </Link>
            </h2>
            <span className="text-sm text-muted">game #{game.chainGameId.toString()}</span>
          </div>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Sold" value={String(game.stats.sold)} />
            <Stat label="Refunded" value={String(game.stats.refunded)} />
            <Stat label="Gross (FAR)" value={formatFar(game.stats.grossWei, 2)} />
            <Stat label="Downloads" value={String(game.stats.downloads)} />
          </div>
          <BuildUploader game={game} />
        </Card>
      ))}
    </div>
  );
}
