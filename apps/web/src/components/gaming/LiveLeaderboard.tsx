'use client';

import { useEffect, useState } from 'react';
import { shortAddress } from '@/lib/format/shortAddress';
import type { LeaderboardLine } from '@/lib/gaming/gamingEndpoints';
import { Card } from '../ui/Card';

/**
 * A leaderboard that updates as runs verify: the API's server-sent stream of the board, which sends
 * the current places at once and again after every verified run on it.
 */
export function LiveLeaderboard({ board, title }: { board: string; title: string }) {
  const [entries, setEntries] = useState<LeaderboardLine[] | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const source = new EventSource(`/api/gaming/leaderboards/live?board=${encodeURIComponent(board)}`);
    source.addEventListener('leaderboard', (event) => {
      const update = JSON.parse((event as MessageEvent<string>).data) as { entries: LeaderboardLine[] };
      setEntries(update.entries);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [board]);

  return (
    <Card className="flex flex-col gap-3" data-testid="leaderboard">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        <span className={`text-xs ${live ? 'text-emerald-300' : 'text-muted'}`}>
          {live ? 'live' : 'connecting…'}
        </span>
      </div>
      {entries === null ? null : entries.length === 0 ? (
        <p className="text-sm text-muted">No verified runs yet. Be the first.</p>
      ) : (
        <ol className="flex flex-col gap-1 text-sm">
          {entries.map((entry) => (
            <li
              key={entry.wallet}
              className="flex justify-between gap-3 rounded-lg bg-surface-raised px-3 py-2"
            >
              <span className="text-muted">#{entry.rank}</span>
              <span className="flex-1 truncate text-soft">
                {entry.displayName ?? shortAddress(entry.wallet)}
              </span>
              <span className="font-mono" data-wallet={entry.wallet}>
                {entry.score}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
