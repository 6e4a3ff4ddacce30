'use client';

import { useQuery } from '@tanstack/react-query';
import { listModels } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';

/** The model registry from `/v1/models`, refreshed every 30 s for availability. */
export function useModels() {
  return useQuery({ queryKey: queryKeys.models, queryFn: listModels, refetchInterval: 30_000 });
}
