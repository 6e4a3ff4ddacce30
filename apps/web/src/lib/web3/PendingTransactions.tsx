'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Hash } from 'viem';
import { useWaitForTransactionReceipt } from 'wagmi';

export type TrackedTransaction = { hash: Hash; label: string; chainId: number };
type MinedOutcome = 'success' | 'reverted';

type PendingTransactionsState = {
  transactions: (TrackedTransaction & { outcome: MinedOutcome | 'pending' })[];
  track: (tx: TrackedTransaction) => void;
  /** Bumps when a tracked transaction is mined: views poll the indexer for a while after it. */
  minedAt: number;
};

const PendingTransactionsContext = createContext<PendingTransactionsState | null>(null);

/** Keeps every transaction the user sent on screen until it is mined, then refreshes balances. */
export function PendingTransactionsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [transactions, setTransactions] = useState<PendingTransactionsState['transactions']>([]);
  const [minedAt, setMinedAt] = useState(0);

  const track = useCallback((tx: TrackedTransaction) => {
    setTransactions((previous) => [{ ...tx, outcome: 'pending' as const }, ...previous].slice(0, 5));
  }, []);

  const settle = useCallback(
    (hash: Hash, outcome: MinedOutcome) => {
      setTransactions((previous) => previous.map((tx) => (tx.hash === hash ? { ...tx, outcome } : tx)));
      setMinedAt(Date.now());
      // On-chain reads refresh now; indexer-backed views poll (see useIndexerRefresh).
      void queryClient.invalidateQueries();
      setTimeout(() => setTransactions((previous) => previous.filter((tx) => tx.hash !== hash)), 8_000);
    },
    [queryClient],
  );

  const value = useMemo(() => ({ transactions, track, minedAt }), [transactions, track, minedAt]);
  return (
    <PendingTransactionsContext.Provider value={value}>
      {children}
      <output
        aria-live="polite"
        className="fixed right-4 bottom-4 z-50 flex max-w-sm flex-col gap-2"
        data-testid="pending-transactions"
      >
        {transactions.map((tx) => (
          <TransactionToast key={tx.hash} tx={tx} onMined={settle} />
        ))}
      </output>
    </PendingTransactionsContext.Provider>
  );
}

function TransactionToast({
  tx,
  onMined,
}: {
  tx: PendingTransactionsState['transactions'][number];
  onMined: (hash: Hash, outcome: MinedOutcome) => void;
}) {
  const receipt = useWaitForTransactionReceipt({ hash: tx.hash, chainId: tx.chainId as never });
  const status = receipt.data?.status;
  useEffect(() => {
    if (tx.outcome === 'pending' && status) onMined(tx.hash, status);
  }, [status, tx.outcome, tx.hash, onMined]);
  const text =
    tx.outcome === 'pending'
      ? receipt.isError
        ? 'waiting for the chain…'
        : 'pending…'
      : tx.outcome === 'success'
        ? 'confirmed'
        : 'reverted';
  return (
    <div
      className="rounded-xl border border-line bg-surface px-4 py-3 text-sm text-white shadow-lg"
      data-state={tx.outcome}
    >
      <span className="font-semibold">{tx.label}</span>{' '}
      <span className={tx.outcome === 'reverted' ? 'text-red-400' : 'text-muted'}>{text}</span>
      <div className="truncate font-mono text-xs text-muted">{tx.hash}</div>
    </div>
  );
}

/**
 * Tracks sent transactions and tells views when one was mined.
 * @returns the tracked list, `track(tx)` and the time of the latest mined transaction
 */
export function usePendingTransactions(): PendingTransactionsState {
  const value = useContext(PendingTransactionsContext);
  if (!value) throw new Error('usePendingTransactions must be used inside <PendingTransactionsProvider>.');
  return value;
}
