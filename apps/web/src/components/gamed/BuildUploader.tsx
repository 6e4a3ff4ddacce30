'use client';

import { useState } from 'react';
import { useGamedActions } from '@/hooks/useGamedActions';
import { useStoreSettings } from '@/hooks/useGamedQueries';
import { useSession } from '@/lib/auth/SessionProvider';
import type { StudioGame } from '@/lib/gamed/gamedEndpoints';
import { type UploadProgress, uploadBuildFile } from '@/lib/gamed/uploadBuildFile';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';
import { OutcomeNote } from './OutcomeNote';

/**
 * Uploads a build in parts with a progress bar, then publishes the SHA-256 the server computed
 * on chain, so players can verify their download against it.
 */
export function BuildUploader({ game }: { game: StudioGame }) {
  const { accessToken } = useSession();
  const platforms = useStoreSettings().data?.platforms ?? [];
  const actions = useGamedActions();
  const [platform, setPlatform] = useState('web');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploaded, setUploaded] = useState<{ sha256: string; sizeBytes: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const rule = platforms.find((p) => p.platform === platform);

  const upload = async (file: File) => {
    setProblem(null);
    setUploaded(null);
    try {
      const done = await uploadBuildFile(accessToken as string, game.id, platform, file, setProgress);
      if (done.sha256) setUploaded({ sha256: done.sha256, sizeBytes: done.sizeBytes });
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const percent =
    progress && progress.totalBytes > 0 ? Math.round((progress.sentBytes / progress.totalBytes) * 100) : 0;
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-line p-3">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-sm text-muted">
          Platform
          <select className={fieldClass} value={platform} onChange={(e) => setPlatform(e.target.value)}>
            {platforms.map((p) => (
              <option key={p.platform} value={p.platform}>
                {p.platform}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm text-muted">
          Build file {rule ? `(${rule.extensions.join(', ')})` : ''}
          <input
            type="file"
            data-testid="build-file"
            className="text-sm"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
      </div>
      {progress ? (
        <progress aria-label="Upload progress" max={100} value={percent} className="w-full">
          {percent} %
        </progress>
      ) : null}
      {uploaded ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <code className="break-all text-xs text-soft">sha256 {uploaded.sha256}</code>
          <Button
            disabled={actions.busy !== null}
            onClick={() =>
              actions.publishBuild(game.chainGameId, rule?.index ?? 3, uploaded.sha256, uploaded.sizeBytes)
            }
          >
            {actions.busy === 'Publish build' ? 'Confirm in wallet…' : 'Publish on chain'}
          </Button>
        </div>
      ) : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-300">
          {problem}
        </p>
      ) : null}
      <OutcomeNote outcome={actions.outcome} />
    </div>
  );
}
