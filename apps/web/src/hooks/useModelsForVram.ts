'use client';

import { useQuery } from '@tanstack/react-query';
import { listModelsForVram } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';

/** The catalogued models a GPU with `vramGb` of memory can earn with, best earning first. */
export function useModelsForVram(vramGb: number) {
  return useQuery({ queryKey: queryKeys.modelsForVram(vramGb), queryFn: () => listModelsForVram(vramGb) });
}
