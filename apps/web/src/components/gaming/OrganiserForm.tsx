'use client';

import { tournamentPoolAbi } from '@far/contracts/browser';
import { GAME_MODES, gameModes } from '@far/farcana-game';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Address } from 'viem';
import { usePublicClient, useWriteContract } from 'wagmi';
import { useTrackedAction } from '@/hooks/useTrackedAction';
import { useWeb3 } from '@/hooks/useWeb3';
import { fetchTournaments } from '@/lib/gaming/gamingEndpoints';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { parseTournamentForm, type TournamentFormInput } from './parseTournamentForm';

// A datetime-local value (local time, minutes) for `hoursAhead` from now.
function localInput(hoursAhead: number): string {
  const at = new Date(Date.now() + hoursAhead * 3_600_000);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 16);
}

function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  hint?: string;
  readOnly?: boolean;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm text-muted">
      {props.label}
      <input
        className={fieldClass}
        type={props.type ?? 'text'}
        value={props.value}
        readOnly={props.readOnly}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint ? <span className="text-xs">{props.hint}</span> : null}
    </label>
  );
}

/**
 * The organiser's dashboard: opens a tournament on the TournamentPool from the connected wallet —
 * mode, entry fee in FAR, schedule, player bounds, dispute window and a prize table that must sum to
 * 100 %. The game server is this platform's, as the API names it (read-only: it replays the runs
 * and signs the ranking; another game's server opens its tournaments through the SDK). The form
 * checks the pool's rules first (and that the game server is approved on the pool) so the organiser
 * reads why rather than a revert.
 */
export function OrganiserForm() {
  const { address, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const publicClient = usePublicClient({ chainId });
  const writeContract = useWriteContract();
  const queryClient = useQueryClient();
  const { run, busy, outcome } = useTrackedAction();
  const tournaments = useQuery({ queryKey: ['gaming', 'tournaments'], queryFn: fetchTournaments });
  const pool = (tournaments.data?.poolAddress ?? null) as Address | null;
  const gameServer = tournaments.data?.gameServerAddress ?? '';
  const [problem, setProblem] = useState<string | null>(null);
  const [form, setForm] = useState<Omit<TournamentFormInput, 'gameServer'>>(() => ({
    mode: 'sprint',
    entryFeeFar: '10',
    startsAt: localInput(0),
    endsAt: localInput(24),
    minPlayers: '2',
    maxPlayers: '100',
    prizePercents: '50/30/20',
    disputeHours: '24',
  }));
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pool) return setProblem('No tournament pool on this network.');
    if (!gameServer) return setProblem('This network has no game server to sign results.');
    const params = parseTournamentForm({ ...form, gameServer }, Math.floor(Date.now() / 1000));
    if (typeof params === 'string') return setProblem(params);
    const approved = await publicClient?.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'isGameServer',
      args: [params.gameServer],
    });
    if (approved === false) return setProblem('That game server is not approved on the pool.');
    setProblem(null);
    const result = await run('Create tournament', () =>
      writeContract.mutateAsync({
        address: pool,
        abi: tournamentPoolAbi,
        functionName: 'createTournament',
        args: [params],
        chainId,
      } as never),
    );
    if (result.kind === 'sent') void queryClient.invalidateQueries({ queryKey: ['gaming', 'tournaments'] });
  };

  const status =
    problem ??
    (outcome?.kind === 'sent'
      ? 'Tournament sent; it shows in the list once mined.'
      : outcome?.kind === 'cancelled'
        ? 'Cancelled in the wallet.'
        : (outcome?.message ?? null));
  return (
    <Card className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">Organise a tournament</h2>
      <form className="grid gap-3 sm:grid-cols-2" onSubmit={(event) => void submit(event)}>
        <label className="flex flex-col gap-1 text-sm text-muted">
          Mode
          <select className={fieldClass} value={form.mode} onChange={(e) => set('mode')(e.target.value)}>
            {gameModes.map((id) => (
              <option key={id} value={id}>
                {GAME_MODES[id].label}
              </option>
            ))}
          </select>
        </label>
        <Field label="Entry fee (FAR)" value={form.entryFeeFar} onChange={set('entryFeeFar')} />
        <Field label="Starts" type="datetime-local" value={form.startsAt} onChange={set('startsAt')} />
        <Field label="Ends" type="datetime-local" value={form.endsAt} onChange={set('endsAt')} />
        <Field label="Minimum players" value={form.minPlayers} onChange={set('minPlayers')} />
        <Field label="Maximum players" value={form.maxPlayers} onChange={set('maxPlayers')} />
        <Field
          label="Prize table (% by rank)"
          value={form.prizePercents}
          onChange={set('prizePercents')}
          hint="e.g. 50/30/20; must sum to 100 %"
        />
        <Field label="Dispute window (hours)" value={form.disputeHours} onChange={set('disputeHours')} />
        <Field
          label="Game server address"
          value={gameServer}
          onChange={() => {}}
          readOnly
          hint="this platform's game server: it replays every run and signs the results"
        />
        <div className="flex items-end">
          <Button type="submit" disabled={!address || busy !== null}>
            {busy ? 'Creating…' : 'Create tournament on chain'}
          </Button>
        </div>
      </form>
      {status ? (
        <p role="status" className="text-sm text-muted">
          {status}
        </p>
      ) : null}
    </Card>
  );
}
