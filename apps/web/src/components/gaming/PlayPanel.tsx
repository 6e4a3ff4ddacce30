'use client';

import { GAME_MODES, type GameMode, gameModes, type Move } from '@far/farcana-game';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useWeb3 } from '@/hooks/useWeb3';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { useFarcanaRun } from './useFarcanaRun';

const KEYS: Record<string, Move> = {
  ArrowLeft: 'left',
  a: 'left',
  A: 'left',
  ArrowRight: 'right',
  d: 'right',
  D: 'right',
};

function RunStatus({ view }: { view: ReturnType<typeof useFarcanaRun>['view'] }) {
  if (view.phase === 'playing') {
    return (
      <p className="text-sm text-soft" data-testid="run-hud">
        Score {view.score} · Lives {view.lives} · {view.secondsLeft}s
      </p>
    );
  }
  if (view.phase === 'submitting')
    return <p className="text-sm text-muted">Verifying {view.score} by replay…</p>;
  if (view.phase === 'verified') {
    return (
      <p className="text-sm text-emerald-300" data-testid="verified-score">
        Verified score: {view.score}
      </p>
    );
  }
  if (view.phase === 'error') {
    return (
      <p role="alert" className="text-sm text-red-300">
        {view.message}
      </p>
    );
  }
  return (
    <p className="text-sm text-muted">Dodge the orange rocks, catch the cyan gems. ← → or A D, or tap.</p>
  );
}

/**
 * Play Farcana: pick a mode (or play a tournament you entered), then steer with the arrow keys or by
 * tapping the left and right of the field. The run is replayed by the server when it ends.
 */
export function PlayPanel({
  tournamentId,
  tournamentMode,
}: {
  tournamentId?: string;
  tournamentMode?: GameMode;
}) {
  const { isSignedIn, session } = useWeb3();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [mode, setMode] = useState<GameMode>(tournamentMode ?? 'classic');
  const { view, start, press } = useFarcanaRun(canvas, session.accessToken ?? null);
  const busy = view.phase === 'starting' || view.phase === 'playing' || view.phase === 'submitting';

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const move = KEYS[event.key];
      if (!move || view.phase !== 'playing') return;
      event.preventDefault();
      press(move);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press, view.phase]);

  return (
    <Card className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        {tournamentId ? (
          <p className="text-sm text-soft">Tournament #{tournamentId}</p>
        ) : (
          <select
            aria-label="Game mode"
            value={mode}
            onChange={(event) => setMode(event.target.value as GameMode)}
            className={`${fieldClass} w-auto`}
            disabled={busy}
          >
            {gameModes.map((id) => (
              <option key={id} value={id}>
                {GAME_MODES[id].label}
              </option>
            ))}
          </select>
        )}
        <Button onClick={() => void start(mode, tournamentId)} disabled={!isSignedIn || busy}>
          {tournamentId ? 'Play tournament run' : 'Play practice'}
        </Button>
        {isSignedIn ? null : <span className="text-sm text-muted">Sign in with your wallet to play.</span>}
      </div>
      <RunStatus view={view} />
      <div className="relative mx-auto w-full max-w-sm touch-none select-none">
        <canvas
          ref={canvas}
          width={360}
          height={540}
          className="w-full rounded-xl border border-line"
          data-testid="game-canvas"
        />
        <button
          type="button"
          aria-label="Move left"
          className="absolute inset-y-0 left-0 flex w-1/2 items-end justify-start p-3 text-muted"
          onPointerDown={() => press('left')}
        >
          <ChevronLeft aria-hidden className="size-8" />
        </button>
        <button
          type="button"
          aria-label="Move right"
          className="absolute inset-y-0 right-0 flex w-1/2 items-end justify-end p-3 text-muted"
          onPointerDown={() => press('right')}
        >
          <ChevronRight aria-hidden className="size-8" />
        </button>
      </div>
    </Card>
  );
}
