import { FATAL_NODE_CLOSE_CODES, NodeCloseCode } from '@far/protocol';
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

/**
 * Stop for good with this exit, reconnect showing `lastError`, or wait while suspended (the slow
 * retry: the coordinator refuses the node until an operator lifts the suspension).
 */
export type CloseDecision =
  | { action: 'exit'; exit: AgentExit }
  | { action: 'reconnect'; lastError: string }
  | { action: 'waitSuspended'; reason: string };

/**
 * What the agent does when its connection closed: give up when the coordinator refused the node
 * for good (a fatal close code), stop when it was asked to stop or is draining (a suspended node has
 * nothing left to finish), wait and retry slowly while suspended (an operator may resume it), and
 * reconnect otherwise.
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
  const suspended = code === NodeCloseCode.suspended;
  if (parameters.stopping || (draining && (suspended || parameters.activeTasks === 0))) {
    return { action: 'exit', exit: { kind: draining ? 'drained' : 'stopped' } };
  }
  if (suspended) return { action: 'waitSuspended', reason: reason || 'suspended' };
  return { action: 'reconnect', lastError: reason || parameters.lastError || `connection closed (${code})` };
}
