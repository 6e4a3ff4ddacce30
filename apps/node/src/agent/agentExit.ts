/** How the agent stopped: `drained`/`stopped` on request, `fatal` when the coordinator refused it for good. */
export type AgentExit =
  | { kind: 'drained' | 'stopped' }
  | { kind: 'fatal'; closeCode: number; errorCode: string | undefined; message: string };
