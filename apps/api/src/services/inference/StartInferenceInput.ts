import type { InferenceRequest } from '@far/protocol';
import type { SettleAlongside } from './finishInferenceTask.js';
import type { InferenceSurcharge } from './InferenceSurcharge.js';

/** Who asks for an inference, and the request itself, as the HTTP boundary validated it. */
export type StartInferenceInput = {
  userId: string;
  walletAddress: `0x${string}`;
  apiKeyId?: string | undefined;
  request: InferenceRequest;
  /** Aborted when the client goes away: the node is told to stop, the user pays for what was delivered. */
  signal?: AbortSignal | undefined;
  /**
   * The client gets the text only once the task completes (a response that is not streamed): a task
   * that fails delivers it nothing, so nothing is billed, and no node is paid for text no one received.
   */
  deliveredWhole?: boolean | undefined;
  /** A price per token on top of the model's (a twin's creator fee), reserved and charged with it. */
  surcharge?: InferenceSurcharge | undefined;
  /**
   * The task's id when the caller derives it (a batch request's attempt: the same attempt can never
   * reserve or bill twice); a random one otherwise.
   */
  taskId?: string | undefined;
  /** Off the model's list price, in basis points (a batch's discount); the node's share shrinks with it. */
  discountBps?: number | undefined;
  /** Rows that commit in the transaction that bills the task (a batch request's result). */
  settleAlongside?: SettleAlongside | undefined;
};
