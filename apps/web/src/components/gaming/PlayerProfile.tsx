'use client';

import { PLAYER_AVATARS } from '@far/farcana-game';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { fetchProfile, updateProfile } from '@/lib/gaming/gamingEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';

/** The signed-in player's profile: name and avatar to set, verified runs, best score, prizes claimed. */
export function PlayerProfile() {
  const { isSignedIn, session } = useWeb3();
  const wallet = session.user?.walletAddress ?? '';
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: ['gaming', 'profile', wallet],
    queryFn: () => fetchProfile(wallet),
    enabled: isSignedIn && wallet !== '',
  });
  const [displayName, setDisplayName] = useState('');
  const [avatar, setAvatar] = useState<string>(PLAYER_AVATARS[0]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (profile.data?.displayName) setDisplayName(profile.data.displayName);
    if (profile.data?.avatar) setAvatar(profile.data.avatar);
  }, [profile.data]);

  if (!isSignedIn) return null;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await updateProfile(session.accessToken ?? '', { displayName, avatar });
      await queryClient.invalidateQueries({ queryKey: ['gaming', 'profile', wallet] });
    } catch (cause) {
      setError(describeError(cause));
    }
  };
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="font-semibold">Your profile</h2>
      {profile.data ? (
        <p className="text-sm text-muted">
          {profile.data.verifiedRuns} verified runs · best {profile.data.bestScore ?? '—'} · prizes claimed{' '}
          {formatFar(profile.data.earningsWei)} FAR
        </p>
      ) : null}
      <form onSubmit={save} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-sm text-muted">
          Display name
          <input
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            minLength={2}
            maxLength={32}
            className={fieldClass}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm text-muted">
          Avatar
          <select value={avatar} onChange={(event) => setAvatar(event.target.value)} className={fieldClass}>
            {PLAYER_AVATARS.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={displayName.trim().length < 2}>
          Save
        </Button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
