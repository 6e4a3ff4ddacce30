'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchNodeAuditRecord } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';

/** A node's public proof-of-serving record (canaries and spot-check audits), refreshed each minute. */
export function useNodeAuditRecord(nodeId: string) {
  return useQuery({
    queryKey: queryKeys.nodeAudits(nodeId),
    queryFn: () => fetchNodeAuditRecord(nodeId),
    refetchInterval: 60_000,
  });
}
