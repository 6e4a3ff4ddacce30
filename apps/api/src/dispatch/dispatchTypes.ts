import type {
  InferenceRequest,
  NodeClaimedUsage,
  NodeFinishReason,
  ServerToNodeMessage,
  TaskAcceptedMessage,
  TaskDoneMessage,
  TaskEmbeddingMessage,
  TaskErrorMessage,
  TaskTokenMessage,
} from '@far/protocol';
import type { ModelCatalogue } from '../models/readModelCatalogue.js';
import type { Logger } from '../observability/createLogger.js';
import type { Scheduler } from '../scheduler/createScheduler.js';
import type { NodeStandingInputs } from '../scores/nodeScoreTarget.js';

/** One task to run: the inference request, its task id, and how the dispatcher may place it. */
export type DispatchRequest = InferenceRequest & {
  taskId: string;
  /** At least the model catalogue's minimum for `model` (0 for models it does not list), whatever is passed. */
  minVramGb?: number | undefined;
  /** Aborting sends `task.cancel` to the node and ends the stream. */
  signal?: AbortSignal | undefined;
};

/**
 * One `task.token` frame's text as the caller must pass it on. Empty frames are not passed on
 * (they deliver nothing); whitespace-only or invisible ones are, but are not billable.
 */
export type DispatchToken = {
  text: string;
  /** Frame number within the task, across nodes; empty frames leave gaps. */
  seq: number;
  /** Whether this token counts in the bill (`isBillableTokenText`): count only these. */
  billable: boolean;
};

/** The part of a task one node produced (a task resumed after a node failure has several). */
export type DispatchSegment = {
  nodeId: string;
  nodeOwner: `0x${string}`;
  /** Billable tokens of this node the coordinator counted and passed on: what it is paid for. */
  tokens: number;
  /** The node's own `task.done` claim, when it sent one. */
  claimedCompletionTokens: number | undefined;
  /**
   * The node's reliability score after this segment's outcome was scored: what its payment
   * adjustment must use, even when the node has since left the registry (it died mid-stream).
   */
  score?: number | undefined;
};

export type DispatchResult = {
  taskId: string;
  /** The node that finished the task (the last segment's node). */
  nodeId: string;
  nodeOwner: `0x${string}`;
  /**
   * Billable tokens (`isBillableTokenText`) the coordinator itself received and passed on, summed
   * over every node that worked on the task: never more than `maxTokens`, nor than the visible
   * characters delivered. Bill from this, not from `nodeClaimedUsage`.
   */
  completionTokensCounted: number;
  /**
   * What the finishing node says it used (for its own segment only); undefined when it never
   * answered `task.done` (cancel timed out, or it dropped after the last token).
   */
  nodeClaimedUsage: NodeClaimedUsage | undefined;
  finishReason: NodeFinishReason;
  /** Nodes tried: more than 1 when a node refused the task or failed and another resumed it. */
  attempts: number;
  /** Who produced which tokens, in order; pay each node for its own `tokens`. */
  segments: DispatchSegment[];
  durationMs: number;
};

/**
 * Tokens as they arrive (`for await`), in batches: each step brings every token that arrived since
 * the last (a node's frame, or more), in order and never none. Plus the outcome. `result` rejects
 * with the same error the iteration throws; stopping the iteration early cancels the task.
 */
export type DispatchStream = AsyncIterable<readonly DispatchToken[]> & {
  taskId: string;
  /** The first node chosen; `result.nodeId` is the one that answered. */
  nodeId: string;
  result: Promise<DispatchResult>;
};

/** The gateway's callbacks for one task on one node's connection. */
export type TaskHandle = {
  /**
   * Handles a task frame; returns a reason when the frame breaks the protocol (a frame of the other
   * kind of task, a `task.embedding` for a chat task, included).
   */
  onNodeMessage(
    message:
      | TaskAcceptedMessage
      | TaskTokenMessage
      | TaskEmbeddingMessage
      | TaskDoneMessage
      | TaskErrorMessage,
  ): string | undefined;
  /**
   * Handles a `task.tokens` frame's tokens at once (`seq` counted on from the frame's), as the
   * same `task.token` frames one by one would be; returns the first reason a token breaks the
   * protocol (the rest of the frame is dropped). Optional: without it the gateway passes the
   * tokens to `onNodeMessage` one by one.
   */
  onNodeTokens?(taskId: string, seq: number, texts: readonly string[]): string | undefined;
  /** The node's connection is gone. */
  nodeLost(): void;
};

/** How the dispatcher talks to one node about one task. */
export type TaskLink = { send(message: ServerToNodeMessage): void; close(): void };

export type DispatchDependencies = {
  scheduler: Scheduler;
  maxAttempts: number;
  /** Silence allowed from a node between `task.accepted` and its first token (prompt processing can be slow). */
  taskIdleTimeoutMs: number;
  /**
   * Silence allowed before a node accepts the task, and between two tokens once it streams: a
   * node that stalls longer is treated as failed and the task resumes elsewhere. Capped by
   * `taskIdleTimeoutMs`.
   */
  tokenGapTimeoutMs: number;
  cancelGraceMs: number;
  logger: Logger;
  /** Registers `handle` on the node's connection; undefined when the node is gone. */
  openTask(nodeId: string, taskId: string, handle: TaskHandle): TaskLink | undefined;
  onScore(nodeId: string, score: number): void;
  /** The model catalogue (cached): the task's model sets its VRAM minimum and expected speed. */
  readCatalogue(): Promise<ModelCatalogue>;
  /** The node's standing as the coordinator measured it (uptime, audit pass rate): score inputs beside the task's own. */
  standing(nodeId: string): NodeStandingInputs;
  isClosing(): boolean;
};
