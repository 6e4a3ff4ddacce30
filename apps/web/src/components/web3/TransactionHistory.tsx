'use client';

import Link from 'next/link';
import { useTransactions } from '@/hooks/useAccountData';
import type { AccountActivity } from '@/lib/api/endpoints';
import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { describeActivity } from './describeActivity';

/** Signed, so what left the wallet and what arrived read apart at a glance. */
function signedFar(wei: bigint): string {
  return wei > 0n ? `+${formatFar(wei)}` : formatFar(wei);
}

function ActivityRow({ item }: { item: AccountActivity }) {
  const label = describeActivity(item);
  return (
    <tr className="border-t border-line" data-kind={item.kind} data-service={item.service}>
      <td className="py-2 pr-4 whitespace-nowrap">{item.createdAt.toLocaleString()}</td>
      <td className="py-2 pr-4 whitespace-nowrap text-muted">{label.service}</td>
      <td className="py-2 pr-4">{label.kind}</td>
      <td className="py-2 pr-4">
        {item.subject?.href ? (
          <Link href={item.subject.href} className="underline hover:text-brand-soft">
            {item.subject.title}
          </Link>
        ) : (
          (item.subject?.title ?? '—')
        )}
      </td>
      <td
        className={`py-2 pr-4 text-right font-mono ${item.amountWei > 0n ? 'text-success' : ''}`}
        data-testid="activity-amount"
      >
        {signedFar(item.amountWei)}
      </td>
      <td className="py-2 font-mono text-xs text-muted" title={item.txHash ?? undefined}>
        {item.txHash ? shortAddress(item.txHash) : '—'}
      </td>
    </tr>
  );
}

/**
 * The user's history, newest first: deposits, withdrawals and charges from the ledger, and what
 * they paid, were refunded or earned in each service (GameD, DeSci, Farcana), with the game,
 * proposal or tournament linked and the on-chain hash where there is one; older pages on request.
 */
export function TransactionHistory() {
  const query = useTransactions();
  const rows = { ...query, data: query.data?.pages.flatMap((page) => page.items) };
  return (
    <Card aria-labelledby="tx-history">
      <h2 id="tx-history" className="mb-4 text-xl font-semibold">
        Transaction history
      </h2>
      <DataState
        query={rows}
        isEmpty={(items) => items.length === 0}
        empty="No transactions yet. Deposit FAR to get started."
      >
        {(items) => (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="transaction-history">
              <thead className="text-muted">
                <tr>
                  <th className="py-2 pr-4 font-normal">When</th>
                  <th className="py-2 pr-4 font-normal">Service</th>
                  <th className="py-2 pr-4 font-normal">Kind</th>
                  <th className="py-2 pr-4 font-normal">For</th>
                  <th className="py-2 pr-4 text-right font-normal">Amount (FAR)</th>
                  <th className="py-2 font-normal">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ActivityRow key={item.id} item={item} />
                ))}
              </tbody>
            </table>
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
          </div>
        )}
      </DataState>
    </Card>
  );
}
