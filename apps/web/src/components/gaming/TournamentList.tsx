'use client';

import type { GameMode } from '@far/farcana-game';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Address } from 'viem';
import { useTournamentActions } from '@/hooks/useTournamentActions';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { fetchTournaments, type Tournament } from '@/lib/gaming/gamingEndpoints';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { LiveLeaderboard } from './LiveLeaderboard';
import { PlayPanel } from './PlayPanel';

const PHASE_LABEL: Record<Tournament['phase'], string> = {
  upcoming: 'Upcoming',
  live: 'Live',
  ended: 'Ended: results pending',
  results_posted: 'Results posted: dispute window open',
  claimable: 'Final: winners claim',
  disputed: 'Disputed',
  cancelled: 'Cancelled',
};

function TournamentCard({ tournament, pool }: { tournament: Tournament; pool: Address | null }) {
  const { address } = useWeb3();
  const { enter, claim, refund, busy, outcome } = useTournamentActions(pool);
  const [playing, setPlaying] = useState(false);
  const mine = tournament.entries.find((entry) => entry.wallet === address?.toLowerCase());
  // The API judges the dispute window by the chain's clock; the pool refuses a claim before then.
  const claimable = tournament.phase === 'claimable' && mine?.prizeWei && !mine.claimed;
  return (
    <Card className="flex flex-col gap-3" data-testid={`tournament-${tournament.id}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          #{tournament.id} · {tournament.mode}
        </h3>
        <span className="text-sm text-muted">{PHASE_LABEL[tournament.phase]}</span>
      </div>
      <p className="text-sm text-muted">
        Entry {formatFar(tournament.entryFeeWei)} FAR · pool {formatFar(tournament.poolWei)} FAR ·{' '}
        {tournament.entries.length}/{tournament.maxPlayers} players · prizes{' '}
        {tournament.prizeBps.map((bps) => `${bps / 100}%`).join(' / ')} · ends{' '}
        {tournament.endsAt.toLocaleString()}
      </p>
      <div className="flex flex-wrap gap-2">
        {!mine && (tournament.phase === 'upcoming' || tournament.phase === 'live') ? (
          <Button
            onClick={() => void enter(tournament.id, tournament.entryFeeWei)}
            disabled={busy !== null || !address}
          >
            Enter with FAR
          </Button>
        ) : null}
        {mine && tournament.phase === 'live' ? (
          <Button onClick={() => setPlaying(!playing)}>{playing ? 'Hide game' : 'Play'}</Button>
        ) : null}
        {claimable ? (
          <Button onClick={() => void claim(tournament.id)} disabled={busy !== null}>
            Claim {formatFar(mine?.prizeWei ?? 0n)} FAR
          </Button>
        ) : null}
        {mine?.claimed ? <span className="text-sm text-muted">Prize claimed</span> : null}
        {mine && tournament.phase === 'cancelled' && mine.refundedWei === null ? (
          <Button variant="secondary" onClick={() => void refund(tournament.id)} disabled={busy !== null}>
            Refund entry
          </Button>
        ) : null}
      </div>
      {outcome?.kind === 'failed' ? (
        <p role="alert" className="text-sm text-red-300">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.kind === 'sent' ? (
        <p role="status" className="text-sm text-muted">
          Transaction sent; it shows here once mined.
        </p>
      ) : null}
      {playing ? (
        <PlayPanel tournamentId={tournament.id} tournamentMode={tournament.mode as GameMode} />
      ) : null}
      <LiveLeaderboard board={`tournament:${tournament.id}`} title="Leaderboard" />
    </Card>
  );
}

/** Tournaments on the pool, newest first: enter with FAR, play, follow the board, claim. */
export function TournamentList() {
  const tournaments = useQuery({
    queryKey: ['gaming', 'tournaments'],
    queryFn: fetchTournaments,
    refetchInterval: 5_000,
  });
  if (!tournaments.data) return null;
  const pool = tournaments.data.poolAddress as Address | null;
  return (
    <section className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">Tournaments</h2>
      {tournaments.data.tournaments.length === 0 ? (
        <p className="text-sm text-muted">No tournaments yet.</p>
      ) : null}
      {tournaments.data.tournaments.map((tournament) => (
        <TournamentCard key={tournament.id} tournament={tournament} pool={pool} />
      ))}
    </section>
  );
}
