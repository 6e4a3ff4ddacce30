'use client';

import Link from 'next/link';
import { useGamedActions } from '@/hooks/useGamedActions';
import { useGame } from '@/hooks/useGamedQueries';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';
import type { GameDetail } from '@/lib/gamed/gamedEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { FarPrice } from './FarPrice';
import { OutcomeNote } from './OutcomeNote';

/** A published build per platform with the SHA-256 the chain holds for it. */
function BuildList({ builds }: { builds: GameDetail['builds'] }) {
  if (builds.length === 0) return <p className="text-sm text-muted">No build published yet.</p>;
  return (
    <ul className="flex flex-col gap-2">
      {builds.map((build) => (
        <li key={build.platform} className="rounded-lg border border-line p-3 text-sm">
          <div className="flex flex-wrap justify-between gap-2">
            <span className="font-semibold capitalize text-white">{build.platform}</span>
            <span className="text-muted">
              v{build.version} · {(build.sizeBytes / 1024).toFixed(1)} KiB
            </span>
          </div>
          <code data-testid="build-hash" className="mt-1 block break-all text-xs text-soft">
            sha256 {build.sha256}
          </code>
        </li>
      ))}
    </ul>
  );
}

/** A game's page: art, text, price in FAR and USD, builds with hashes, buy and resale offers. */
export function GameView({ gameRef }: { gameRef: string }) {
  const game = useGame(gameRef);
  const actions = useGamedActions();
  const { address, isSignedIn } = useWeb3();
  if (game.isError) {
    return (
      <Card role="alert" className="text-red-200">
        {describeError(game.error)}
      </Card>
    );
  }
  const data = game.data;
  if (!data) return <Card aria-busy="true">Loading…</Card>;
  const listings = data.listings.filter((listing) => listing.seller.toLowerCase() !== address?.toLowerCase());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="flex flex-col gap-4 lg:col-span-2">
        {data.coverUrl ? (
          // biome-ignore lint/performance/noImgElement: studio covers come from any host
          <img src={data.coverUrl} alt="" className="aspect-video w-full rounded-xl object-cover" />
        ) : (
          <div
            aria-hidden="true"
            className="aspect-video w-full rounded-xl bg-gradient-to-br from-orange-600 to-red-600"
          />
        )}
        <h1 className="text-3xl font-bold text-white">{data.title}</h1>
        <p className="text-soft">{data.tagline}</p>
        <p className="whitespace-pre-line text-muted">{data.description}</p>
        <p className="text-sm text-muted">
          By {data.studio.name} ({shortAddress(data.studio.wallet)}) · {data.genres.join(', ')}
        </p>
      </div>
      <div className="flex flex-col gap-4">
        <Card className="flex flex-col gap-3">
          <FarPrice wei={data.priceWei} className="text-2xl font-bold text-white" />
          <p className="text-xs text-muted">
            Refundable for 14 days.{' '}
            {data.soulbound
              ? 'Soulbound: the licence cannot be resold.'
              : `Resale allowed; ${data.royaltyBps / 100} % royalty to the studio.`}
          </p>
          <Button
            disabled={!isSignedIn || actions.busy !== null}
            onClick={() => actions.buy(data.chainGameId, data.priceWei)}
          >
            {actions.busy === 'Buy licence' ? 'Confirm in wallet…' : 'Buy licence'}
          </Button>
          {!isSignedIn ? <p className="text-xs text-muted">Connect and sign in to buy.</p> : null}
          <OutcomeNote outcome={actions.outcome} />
          <Link href="/gamed/library" className="text-sm text-brand-soft underline">
            Your library
          </Link>
        </Card>
        {listings.length > 0 ? (
          <Card className="flex flex-col gap-2">
            <h2 className="font-semibold text-white">Resale offers</h2>
            {listings.map((listing) => (
              <div
                key={listing.listingId.toString()}
                className="flex items-center justify-between gap-2 text-sm"
              >
                <span>
                  {formatFar(listing.priceWei, 2)} FAR · {shortAddress(listing.seller)}
                </span>
                <Button
                  variant="secondary"
                  disabled={!isSignedIn || actions.busy !== null}
                  onClick={() => actions.buyListing(listing.listingId, listing.priceWei)}
                >
                  Buy
                </Button>
              </div>
            ))}
          </Card>
        ) : null}
        <Card className="flex flex-col gap-2">
          <h2 className="font-semibold text-white">Builds</h2>
          <BuildList builds={data.builds} />
        </Card>
      </div>
    </div>
  );
}
