import Link from 'next/link';
import type { Twin } from '@/lib/fartwin/fartwinEndpoints';
import { formatTwinFee } from '@/lib/fartwin/formatTwinFee';
import { TwinAvatar } from './TwinAvatar';

/** A gallery card: avatar, name, handle, base model, fee per million tokens and how often it is used. */
export function TwinCard({ twin }: { twin: Twin }) {
  return (
    <li data-testid="twin-card">
      <Link
        href={`/fartwin/${twin.handle}`}
        className="flex h-full gap-4 rounded-2xl border border-line bg-surface p-4 hover:border-brand focus-visible:outline-2 focus-visible:outline-brand-soft"
      >
        <TwinAvatar avatar={twin.avatar} name={twin.name} />
        <div className="min-w-0">
          <h3 className="truncate font-semibold">{twin.name}</h3>
          <p className="truncate text-sm text-muted">{twin.model}</p>
          <p className="mt-2 text-sm text-soft">
            {twin.baseModel} · {formatTwinFee(twin.creatorFeeWeiPerMillion)}
          </p>
          <p className="text-xs text-muted">
            {twin.category} · {twin.chatCount} {twin.chatCount === 1 ? 'chat' : 'chats'}
          </p>
        </div>
      </Link>
    </li>
  );
}
