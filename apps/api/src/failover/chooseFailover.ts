import type { TaskAssignMessage } from '@far/protocol';
import { continueAssignment } from './continueAssignment.js';

export type FailoverInput = {
  /** The task as first assigned. */
  assign: TaskAssignMessage;
  /** The failed attempt had been cancelled: the caller wants no more. */
  cancelled: boolean;
  /** Frames delivered so far, across nodes; every one uses up one of `assign.maxTokens`. */
  delivered: number;
  /** Their text, concatenated: what another node must continue from. */
  deliveredText: string;
  /** Nodes tried so far, the failed one included. */
  attempts: number;
  maxAttempts: number;
  /** The gateway is shutting down and starts nothing new. */
  closing: boolean;
};

export type FailoverDecision =
  /** Nothing is lost: the caller cancelled, or every token arrived and only `task.done` went missing. */
  | { type: 'finish'; finishReason: 'cancelled' | 'length' }
  /** Resume on another node with this assignment. */
  | { type: 'resume'; continuation: TaskAssignMessage }
  /** Give up: the task fails with the node's failure. */
  | { type: 'fail' };

/**
 * What happens to a task after the node running it failed: finish it as it stands, resume it on
 * another node from the prompt plus the text already delivered, or give up (out of attempts, the
 * gateway closing, or a continuation that would break the protocol's bounds).
 *
 * @param input - the task and how far it got.
 * @returns the decision.
 * @example
 * chooseFailover({ assign, cancelled: false, delivered: 2, deliveredText: ' upon a', attempts: 1, maxAttempts: 3, closing: false })
 * // { type: 'resume', continuation: { ...assign, prompt: assign.prompt + ' upon a', maxTokens: assign.maxTokens - 2 } }
 */
export function chooseFailover(input: FailoverInput): FailoverDecision {
  if (input.cancelled || input.delivered >= input.assign.maxTokens) {
    return { type: 'finish', finishReason: input.cancelled ? 'cancelled' : 'length' };
  }
  const continuation = continueAssignment(input.assign, input.deliveredText, input.delivered);
  if (continuation === undefined || input.attempts >= input.maxAttempts || input.closing)
    return { type: 'fail' };
  return { type: 'resume', continuation };
}
