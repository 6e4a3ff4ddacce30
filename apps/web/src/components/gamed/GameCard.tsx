import Link from 'next/link';
import type { Game } from '@/lib/gamed/gamedEndpoints';
import { FarPrice } from './FarPrice';

/** One game in the catalogue: cover, title, tagline, price, sales. */
export function GameCard({ game }: { game: Game }) {
  return (
    <Link
      href={`/gamed/${game.slug}`}
      data-testid="game-card"
      className="flex flex-col overflow-hidden rounded-xl border border-line bg-surface transition-colors hover:border-brand"
    >
      {game.coverUrl ? (
        // biome-ignore lint/performance/noImgElement: studio covers come from any host; next/image needs each allowed
        <img src={game.coverUrl} alt="" className="aspect-video w-full object-cover" />
      ) : (
        <div
          aria-hidden="true"
          className="aspect-video w-full bg-gradient-to-br from-orange-600 to-red-600"
        />
      )}
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h2 className="text-lg font-semibold text-white">{game.title}</h2>
        <p className="line-clamp-2 text-sm text-muted">{game.tagline}</p>
        <div className="mt-auto flex flex-wrap items-center justify-between gap-2 pt-2">
          <FarPrice wei={game.priceWei} className="font-semibold text-white" />
          <span className="text-xs text-muted">{game.sold} sold</span>
        </div>
      </div>
    </Link>
  );
}
