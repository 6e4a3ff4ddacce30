'use client';

import Link from 'next/link';
import { useTwin } from '@/hooks/useFartwinQueries';
import { formatTwinFee } from '@/lib/fartwin/formatTwinFee';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { MemoryPanel } from './MemoryPanel';
import { TwinAvatar } from './TwinAvatar';
import { TwinChat } from './TwinChat';

/** A twin's page: who it is and what it costs, the chat, and what it remembers about you. */
export function TwinView({ handle }: { handle: string }) {
  const twin = useTwin(handle);
  return (
    <DataState query={twin} empty={null}>
      {(data) => (
        <div className="flex flex-col gap-6">
          <header className="flex flex-wrap items-center gap-4">
            <TwinAvatar avatar={data.avatar} name={data.name} size="lg" />
            <div className="min-w-0 flex-1">
              <h1 className="text-2xl font-bold">{data.name}</h1>
              <p className="text-sm text-muted">
                <code>{data.model}</code> · on {data.baseModel} ·{' '}
                {formatTwinFee(data.creatorFeeWeiPerMillion)}
              </p>
            </div>
            {data.isOwner ? (
              <Link href={`/fartwin/studio?twin=${data.handle}`} className="text-brand-soft underline">
                Edit in your studio
              </Link>
            ) : null}
          </header>
          <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
            <Card>
              <TwinChat handle={data.handle} greeting={data.greeting} />
            </Card>
            <MemoryPanel handle={data.handle} />
          </div>
        </div>
      )}
    </DataState>
  );
}
