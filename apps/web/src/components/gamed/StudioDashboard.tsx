'use client';

import Link from 'next/link';
import { useStudioGames, useStudioLedger } from '@/hooks/useGamedQueries';
import { formatFar } from '@/lib/format/formatFar';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { BuildUploader } from './BuildUploader';
import { CreateGameForm } from './CreateGameForm';
import { EditGameForm } from './EditGameForm';
import { SaleNotices } from './SaleNotices';
import { StudioPayout } from './StudioPayout';
import { StudioSales } from './StudioSales';

/**
 * The studio's dashboard: live sale notices, create a game, the payout (withdrawable balance, sales
 * to settle) and the sales and refunds list, then per game its sales, refunds, gross revenue and
 * downloads, the edit form for its page and price, and the build uploader. Figures come from the
 * API's chain mirror; a live notice refreshes them at once, polling every few seconds otherwise.
 */
export function StudioDashboard() {
  const games = useStudioGames();
  const ledger = useStudioLedger();
  const problem = games.error ?? ledger.error;
  return (
    <div className="flex flex-col gap-6">
      <SaleNotices />
      <CreateGameForm />
      {problem ? (
        <Card role="alert" className="text-red-200">
          {describeError(problem)}
        </Card>
      ) : null}
      {games.data && games.data.length > 0 && ledger.data ? (
        <>
          <StudioPayout games={games.data} ledger={ledger.data} />
          <StudioSales games={games.data} ledger={ledger.data} />
        </>
      ) : null}
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
          <EditGameForm game={game} />
          <BuildUploader game={game} />
        </Card>
      ))}
    </div>
  );
}
