/** React Query keys, in one place so a mined transaction can refresh exactly what it changed. */
export const queryKeys = {
  chainInfo: ['chain-info'] as const,
  networkStatus: ['network-status'] as const,
  models: ['models'] as const,
  modelsForVram: (vramGb: number) => ['models-for-vram', vramGb] as const,
  me: (userId: string | undefined) => ['me', userId] as const,
  tasks: (userId: string | undefined) => ['tasks', userId] as const,
  transactions: (userId: string | undefined) => ['transactions', userId] as const,
  nodes: (userId: string | undefined) => ['nodes', userId] as const,
  bondTerms: ['bond-terms'] as const,
  myBonds: (userId: string | undefined) => ['my-bonds', userId] as const,
  nodeAudits: (nodeId: string) => ['node-audits', nodeId] as const,
  revenue: (userId: string | undefined) => ['revenue', userId] as const,
  apiKeys: (userId: string | undefined) => ['api-keys', userId] as const,
  userActivity: (userId: string | undefined) => ['user-activity', userId] as const,
};
