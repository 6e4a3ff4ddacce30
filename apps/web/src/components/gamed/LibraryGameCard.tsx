'use client';

import { useState } from 'react';
import { useGamedActions } from '@/hooks/useGamedActions';
import { useStoreSettings } from '@/hooks/useGamedQueries';
import { useReadBuildHash } from '@/hooks/useReadBuildHash';
import { useSession } from '@/lib/auth/SessionProvider';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { type LibraryGame, requestDownload } from '@/lib/gamed/gamedEndpoints';
import { type Verification, verifyDownload } from '@/lib/gamed/verifyDownload';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { OutcomeNote } from './OutcomeNote';

type Checked = Verification & { fileName: string; href: string };

/**
 * One owned game: download a build and verify it against the hash on chain (the file is hashed in
 * the browser), refund inside the window, or list the licence for resale.
 */
export function LibraryGameCard({ game }: { game: LibraryGame }) {
  const { accessToken } = useSession();
  const platforms = useStoreSettings().data?.platforms ?? [];
  const actions = useGamedActions();
  const readBuildHash = useReadBuildHash();
  const [checked, setChecked] = useState<Checked | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [resalePrice, setResalePrice] = useState('');

  const downloadAndVerify = async (platform: string) => {
    setProblem(null);
    setChecked(null);
    try {
      const index = platforms.find((p) => p.platform === platform)?.index ?? -1;
      const [issued, onChain] = await Promise.all([
        requestDownload(accessToken as string, game.id, platform),
        readBuildHash(game.chainGameId, index),
      ]);
      const result = await verifyDownload(issued.url, onChain);
      const href = URL.createObjectURL(new Blob([result.bytes as BlobPart]));
      setChecked({ ...result, fileName: issued.fileName, href });
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const refundable =
    game.purchase && game.purchase.refundableUntil.getTime() > Date.now() ? game.purchase : null;
  const price = parseFarInput(resalePrice);
  return (
    <Card data-testid="library-game" className="flex flex-col gap-3">
      <h2 className="text-xl font-semibold text-white">{game.title}</h2>
      <div className="flex flex-wrap gap-2">
        {game.builds.map((build) => (
          <Button key={build.platform} onClick={() => downloadAndVerify(build.platform)}>
            Download and verify ({build.platform})
          </Button>
        ))}
        {game.builds.length === 0 ? <p className="text-sm text-muted">No build published yet.</p> : null}
      </div>
      {checked ? (
        <div
          role="status"
          data-testid="verification"
          className={checked.matches ? 'text-green-300' : 'text-red-300'}
        >
          {checked.matches
            ? `Verified: the file's SHA-256 matches the hash on chain (${checked.expected.slice(0, 16)}…).`
            : `Verification failed: the file hashes to ${checked.actual.slice(0, 16)}…, the chain says ${checked.expected.slice(0, 16)}…. Do not run it.`}
          {checked.matches ? (
            <a href={checked.href} download={checked.fileName} className="ml-2 underline">
              Save {checked.fileName}
            </a>
          ) : null}
        </div>
      ) : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-300">
          {problem}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        {refundable ? (
          <Button
            variant="danger"
            disabled={actions.busy !== null}
            onClick={() => actions.refund(refundable.purchaseId)}
          >
            Refund (until {refundable.refundableUntil.toLocaleDateString()})
          </Button>
        ) : null}
        {game.soulbound ? null : (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (price.ok) void actions.list(game.chainGameId, price.wei);
            }}
          >
            <label className="flex flex-col gap-1 text-sm text-muted">
              Resale price (FAR)
              <input
                className={fieldClass}
                inputMode="decimal"
                value={resalePrice}
                onChange={(e) => setResalePrice(e.target.value)}
              />
            </label>
            <Button type="submit" variant="secondary" disabled={!price.ok || actions.busy !== null}>
              List for resale
            </Button>
          </form>
        )}
      </div>
      <OutcomeNote outcome={actions.outcome} />
    </Card>
  );
}
