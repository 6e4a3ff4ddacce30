'use client';

import { useTransactions } from '@/hooks/useAccountData';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/** The user's ledger transactions, newest first, with the on-chain hash where there is one. */
export function TransactionHistory() {
  const query = useTransactions();
  return (
    <Card aria-labelledby="tx-history">
      <h2 id="tx-history" className="mb-4 text-xl font-semibold">
        Transaction history
      </h2>
      <DataState
        query={query}
        isEmpty={(rows) => rows.length === 0}
        empty="No transactions yet. Deposit FAR to get started."
      >
        {(rows) => (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="transaction-history">
              <thead className="text-muted">
                <tr>
                  <th className="py-2 pr-4 font-normal">When</th>
                  <th className="py-2 pr-4 font-normal">Kind</th>
                  <th className="py-2 pr-4 text-right font-normal">Amount (FAR)</th>
                  <th className="py-2 font-normal">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((tx) => (
                  <tr key={tx.id} className="border-t border-line">
                    <td className="py-2 pr-4 whitespace-nowrap">{tx.createdAt.toLocaleString()}</td>
                    <td className="py-2 pr-4 capitalize">{tx.kind.replaceAll('_', ' ')}</td>
                    <td className="py-2 pr-4 text-right font-mono">{formatFar(tx.amountWei)}</td>
                    <td className="max-w-40 truncate py-2 font-mono text-xs text-muted">
                      {tx.txHash ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataState>
    </Card>
  );
}
