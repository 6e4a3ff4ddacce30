import { FATAL_NODE_CLOSE_CODES } from '@far/protocol';
import type { AgentExit } from './agentExit.js';

export type DecideAfterCloseParameters = {
  /** The WebSocket close code. */
  code: number;
  /** The close frame's reason. */
  reason: string;
  /** The last `error` message the coordinator sent on this connection: it says why better than the close reason. */
  serverError: { code: string; message: string } | undefined;
  stopping: boolean;
  draining: boolean;
  /** Tasks still running (aborted, not yet ended). */
  activeTasks: number;
  /** The error the status shows now. */
  lastError: string | undefined;
};

/** Stop for good with this exit, or reconnect showing `lastError`. */
export type CloseDecision = { action: 'exit'; exit: AgentExit } | { action: 'reconnect'; lastError: string };

/**
 * What the agent does when its connection closed: give up when the coordinator refused the node
 * for good (a fatal close code), stop when it was asked to stop or has drained, reconnect otherwise.
 *
 * @param parameters - how the connection closed and what the agent was doing.
 * @returns the decision.
 * @example
 * const decision = decideAfterClose({ code: 1006, reason: '', serverError: undefined, stopping: false, draining: false, activeTasks: 0, lastError: undefined });
 * // { action: 'reconnect', lastError: 'connection closed (1006)' }
 */
export function decideAfterClose(parameters: DecideAfterCloseParameters): CloseDecision {
  const { code, serverError, draining } = parameters;
  const reason = serverError?.message ?? parameters.reason;
  if (FATAL_NODE_CLOSE_CODES.has(code)) {
    return {
      action: 'exit',
      exit: {
        kind: 'fatal',
        closeCode: code,
        errorCode: serverError?.code,
        message: reason || `closed with ${code}`,
      },
    };
  }
  if (parameters.stopping || (draining && parameters.activeTasks === 0)) {
    return { action: 'exit', exit: { kind: draining ? 'drained' : 'stopped' } };
  }
  return { action: 'reconnect', lastError: reason || parameters.lastError || `connection closed (${code})` };
}
