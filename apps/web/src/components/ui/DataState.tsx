import type { ReactNode } from 'react';
import { describeError } from '@/lib/web3/describeError';

type DataStateProps<T> = {
  query: {
    data: T | undefined;
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  /** Treat the data as empty (e.g. an empty list). */
  isEmpty?: (data: T) => boolean;
  empty: ReactNode;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
};

/**
 * Renders the loading, error and empty states every data view needs, and the content otherwise.
 */
export function DataState<T>({
  query,
  isEmpty,
  empty,
  loadingLabel = 'Loading…',
  children,
}: DataStateProps<T>) {
  if (query.isError) {
    return (
      <div
        role="alert"
        className="rounded-xl border border-red-900/60 bg-danger-surface p-4 text-sm text-red-200"
      >
        <p>{describeError(query.error)}</p>
        <button
          type="button"
          onClick={() => query.refetch()}
          className="mt-2 underline focus-visible:outline-2 focus-visible:outline-brand-soft"
        >
          Try again
        </button>
      </div>
    );
  }
  if (query.isPending || query.data === undefined) {
    return (
      <div aria-busy="true" className="animate-pulse py-4 text-sm text-muted">
        {loadingLabel}
      </div>
    );
  }
  if (isEmpty?.(query.data)) return <div className="py-4 text-sm text-muted">{empty}</div>;
  return <>{children(query.data)}</>;
}
