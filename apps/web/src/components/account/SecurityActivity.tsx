'use client';

import { useUserActivity } from '@/hooks/useAccountData';
import { describeUserActivity } from '@/lib/account/describeUserActivity';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/**
 * "Security & activity": the account's sign-ins (with the network and browser they came from), key
 * changes, deposits, withdrawals and what operators did to it, newest first; older pages on request.
 */
export function SecurityActivity() {
  const query = useUserActivity();
  const rows = { ...query, data: query.data?.pages.flatMap((page) => page.items) };
  return (
    <Card aria-labelledby="security-activity">
      <h2 id="security-activity" className="mb-1 text-xl font-semibold">
        Security &amp; activity
      </h2>
      <p className="mb-4 text-sm text-muted">
        Something you don&apos;t recognise? Revoke your API keys above and sign out on your other devices.
        Only the network a request came from is kept, never your full IP address.
      </p>
      <DataState query={rows} isEmpty={(items) => items.length === 0} empty="No activity yet.">
        {(items) => (
          <>
            <ul className="flex flex-col divide-y divide-line" data-testid="user-activity">
              {items.map((item) => {
                const { title, context } = describeUserActivity(item);
                return (
                  <li
                    key={item.id}
                    className="flex flex-col gap-1 py-3 sm:flex-row sm:justify-between"
                    data-type={item.type}
                  >
                    <div>
                      <p className={item.byOperator ? 'font-semibold text-brand-pale' : 'font-semibold'}>
                        {title}
                      </p>
                      {context ? <p className="text-xs text-muted">{context}</p> : null}
                    </div>
                    <time
                      className="text-sm whitespace-nowrap text-muted"
                      dateTime={item.occurredAt.toISOString()}
                    >
                      {item.occurredAt.toLocaleString()}
                    </time>
                  </li>
                );
              })}
            </ul>
            {query.hasNextPage ? (
              <Button
                variant="secondary"
                className="mt-4"
                disabled={query.isFetchingNextPage}
                onClick={() => query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? 'Loading…' : 'Older'}
              </Button>
            ) : null}
          </>
        )}
      </DataState>
    </Card>
  );
}
