'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

export type PolledResource<T> = {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => void;
};

/**
 * Loads a resource and reloads it every `intervalMs`: the small subset of React Query the landing
 * pages need, without shipping React Query to them.
 * @param load - fetches and validates the resource
 * @param intervalMs - refresh period
 * @returns data, loading and error state, and refetch
 */
export function usePolledResource<T>(load: () => Promise<T>, intervalMs: number): PolledResource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; settled: boolean }>({
    data: undefined,
    error: undefined,
    settled: false,
  });
  const loader = useRef(load);
  loader.current = load;
  const refetch = useCallback(() => {
    loader
      .current()
      .then((data) => setState({ data, error: undefined, settled: true }))
      .catch((error: unknown) => setState((previous) => ({ data: previous.data, error, settled: true })));
  }, []);
  useEffect(() => {
    refetch();
    const timer = setInterval(refetch, intervalMs);
    return () => clearInterval(timer);
  }, [refetch, intervalMs]);
  const isError = state.error !== undefined && state.data === undefined;
  return { data: state.data, isPending: !state.settled, isError, error: state.error, refetch };
}
