'use client';

import {
  createPlayableRun,
  encodeInputLog,
  type GameMode,
  type Move,
  type PlayableRun,
  TICK_RATE,
} from '@far/farcana-game';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { requestSeed, submitRun } from '@/lib/gaming/gamingEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { drawGame } from './drawGame';

/** What the play panel shows around the canvas. */
export type RunView =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'playing'; score: number; lives: number; secondsLeft: number }
  | { phase: 'submitting'; score: number }
  | { phase: 'verified'; score: number }
  | { phase: 'error'; message: string };

const TICK_MS = 1000 / TICK_RATE;

/**
 * One live round: asks the API for a seed, steps the shared simulation at its fixed tick rate on
 * animation frames, draws it, and submits the seed and input log when it ends; the verified score
 * comes back from the server's replay.
 *
 * @param canvas - where to draw.
 * @param accessToken - the signed-in session's token.
 * @returns the view, `start`, and `press` for keys and touch.
 */
export function useFarcanaRun(canvas: RefObject<HTMLCanvasElement | null>, accessToken: string | null) {
  const [view, setView] = useState<RunView>({ phase: 'idle' });
  const run = useRef<PlayableRun | null>(null);
  const frame = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const finish = useCallback(
    async (playable: PlayableRun, seed: string) => {
      const score = playable.state.score;
      setView({ phase: 'submitting', score });
      try {
        const verified = await submitRun(accessToken ?? '', {
          seed,
          inputLog: encodeInputLog(playable.inputs),
          claimedScore: score,
        });
        setView({ phase: 'verified', score: verified.score ?? score });
      } catch (cause) {
        setView({ phase: 'error', message: describeError(cause) });
      }
    },
    [accessToken],
  );

  const start = useCallback(
    async (mode: GameMode, tournamentId?: string) => {
      if (!accessToken) return;
      setView({ phase: 'starting' });
      let issued: Awaited<ReturnType<typeof requestSeed>>;
      try {
        issued = await requestSeed(accessToken, tournamentId ? { mode, tournamentId } : { mode });
      } catch (cause) {
        setView({ phase: 'error', message: describeError(cause) });
        return;
      }
      const playable = createPlayableRun(issued.seed, issued.mode);
      run.current = playable;
      let last = performance.now();
      let owed = 0;
      const loop = (time: number) => {
        owed += time - last;
        last = time;
        // Fixed steps, whatever the frame rate: the replay steps the same ticks.
        while (owed >= TICK_MS && !playable.state.over) {
          playable.advance();
          owed -= TICK_MS;
        }
        const context = canvas.current?.getContext('2d');
        if (context) drawGame(context, playable.state);
        const { state } = playable;
        if (state.over) {
          frame.current = null;
          void finish(playable, issued.seed);
          return;
        }
        setView({
          phase: 'playing',
          score: state.score,
          lives: state.lives,
          secondsLeft: Math.ceil((state.rules.roundTicks - state.tick) / TICK_RATE),
        });
        frame.current = requestAnimationFrame(loop);
      };
      frame.current = requestAnimationFrame(loop);
    },
    [accessToken, canvas, finish],
  );

  const press = useCallback((move: Move) => run.current?.press(move), []);
  return { view, start, press };
}
