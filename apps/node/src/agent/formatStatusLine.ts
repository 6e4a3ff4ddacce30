import { formatUnits } from 'viem';

export type AgentState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  /** Refused as suspended: retrying slowly until an operator resumes the node. */
  | 'suspended'
  | 'draining'
  | 'stopped'
  | 'fatal';

export type AgentStatus = {
  state: AgentState;
  nodeId: string;
  coordinator: string;
  activeTasks: number;
  maxConcurrency: number;
  tasksServed: number;
  tokensGenerated: number;
  tokensPerSecond: number;
  /** From the coordinator's welcome / heartbeat acknowledgement, when it sends one. */
  earningsWei: bigint | undefined;
  reliabilityScore: number | undefined;
  /** When reconnecting or suspended: ms until the next attempt. */
  reconnectInMs: number | undefined;
  lastError: string | undefined;
};

/**
 * One human line describing the agent, for the terminal.
 *
 * @param status - the agent's status.
 * @returns e.g. `● connected  node-1 → http://… | tasks 2/4 | served 10 | 32.5 tok/s | earned 0.0012 FAR | score 81.5`
 */
export function formatStatusLine(status: AgentStatus): string {
  const marker = status.state === 'connected' ? '●' : status.state === 'draining' ? '◐' : '○';
  const retrying = status.state === 'reconnecting' || status.state === 'suspended';
  const retry =
    retrying && status.reconnectInMs !== undefined ? (status.reconnectInMs / 1000).toFixed(1) : undefined;
  const when =
    retry === undefined ? '' : status.state === 'suspended' ? `, retrying in ${retry}s` : ` in ${retry}s`;
  const parts = [
    `${marker} ${status.state}${when}  ${status.nodeId} → ${status.coordinator}`,
    `tasks ${status.activeTasks}/${status.maxConcurrency}`,
    `served ${status.tasksServed}`,
    `${status.tokensPerSecond.toFixed(1)} tok/s`,
  ];
  if (status.earningsWei !== undefined) parts.push(`earned ${formatUnits(status.earningsWei, 18)} FAR`);
  if (status.reliabilityScore !== undefined) parts.push(`score ${status.reliabilityScore.toFixed(1)}`);
  if (status.lastError && status.state !== 'connected') parts.push(`last error: ${status.lastError}`);
  return parts.join(' | ');
}
