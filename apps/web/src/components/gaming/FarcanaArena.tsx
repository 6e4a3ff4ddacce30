'use client';

import { GAME_MODES, type GameMode, gameModes } from '@far/farcana-game';
import { useState } from 'react';
import { currentSeasonBoard } from '@/lib/gaming/currentSeasonBoard';
import { LiveLeaderboard } from './LiveLeaderboard';
import { PlayerProfile } from './PlayerProfile';
import { PlayPanel } from './PlayPanel';

/** The game beside this season's live leaderboard of the chosen mode; stacked on a phone. */
export function FarcanaArena() {
  const [boardMode, setBoardMode] = useState<GameMode>('classic');
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
      <div className="flex flex-col gap-6">
        <PlayPanel />
        <PlayerProfile />
      </div>
      <div className="flex flex-col gap-3">
        <div className="flex gap-2" role="tablist" aria-label="Season leaderboard mode">
          {gameModes.map((mode) => (
            <button
              key={mode}
              type="button"
              role="tab"
              aria-selected={mode === boardMode}
              onClick={() => setBoardMode(mode)}
              className={`rounded-full px-3 py-1 text-sm ${mode === boardMode ? 'bg-surface-raised text-soft' : 'text-muted'}`}
            >
              {GAME_MODES[mode].label}
            </button>
          ))}
        </div>
        <LiveLeaderboard board={currentSeasonBoard(boardMode)} title="This season" />
      </div>
    </div>
  );
}
