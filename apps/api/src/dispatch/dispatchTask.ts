import {
  type InferenceRequest,
  isBillableTokenText,
  type NodeClaimedUsage,
  type NodeFinishReason,
  type ServerToNodeMessage,
  type TaskAcceptedMessage,
  type TaskAssignMessage,
  TaskAssignMessageSchema,
  type TaskDoneMessage,
  type TaskErrorMessage,
  type TaskTokenMessage,
} from '@far/protocol';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';
import type { Logger } from '../observability/createLogger.js';
import type { Scheduler } from '../scheduler/createScheduler.js';
import { getModelSpec } from '../scheduler/modelRegistry.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { updateNodeScore } from '../scheduler/updateNodeScore.js';
import { continueAssignment } from './continueAssignment.js';
import { createTokenStream } from './createTokenStream.js';
import { NodeTaskFailedError, type NodeTaskFailureReason } from './NodeTaskFailedError.js';
import type { LiveNode } from './nodeRegistry.js';

/** One task to run: the inference request, its task id, and how the dispatcher may place it. */
export type DispatchRequest = InferenceRequest & {
  taskId: string;
  /** At least the model registry's minimum for `model` (0 for models it does not list), whatever is passed. */
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
 * Tokens as they arrive (`for await`), plus the outcome. `result` rejects with the same error the
 * iteration throws; stopping the iteration early cancels the task.
 */
export type DispatchStream = AsyncIterable<DispatchToken> & {
  taskId: string;
  /** The first node chosen; `result.nodeId` is the one that answered. */
  nodeId: string;
  result: Promise<DispatchResult>;
};

/** The gateway's callbacks for one task on one node's connection. */
export type TaskHandle = {
  /** Handles a task frame; returns a reason when the frame breaks the protocol. */
  onNodeMessage(
    message: TaskAcceptedMessage | TaskTokenMessage | TaskDoneMessage | TaskErrorMessage,
  ): string | undefined;
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
  isClosing(): boolean;
};

/** Node error codes that say nothing about the node's quality: it was simply not free. */
const NOT_FREE_CODES = new Set(['busy', 'draining']);

/**
 * Runs one task: chooses a node, sends `task.assign`, and streams the node's tokens back while
 * counting them itself. If the node refuses the task, fails, disconnects or stalls, the task
 * resumes on another node from the prompt plus the tokens already delivered (up to `maxAttempts`
 * nodes in all). Each node's score is updated from its outcome.
 *
 * @param request - the task.
 * @param deps - the gateway's scheduler and connection access.
 * @returns once a node has been given the task.
 * @throws NoNodeAvailableError when no node can take it; BaseError `validation_failed` for a bad request.
 */
export async function dispatchTask(
  request: DispatchRequest,
  deps: DispatchDependencies,
): Promise<DispatchStream> {
  const { signal, minVramGb: minVramOverride, ...fields } = request;
  const parsed = TaskAssignMessageSchema.safeParse({ type: 'task.assign', ...stripUndefined(fields) });
  if (!parsed.success) throw validationError(parsed.error, 'task');
  const assign: TaskAssignMessage = parsed.data;
  const spec = getModelSpec(assign.model);
  // A caller may ask for more memory than the catalogue's minimum, never for less.
  const minVramGb = Math.max(minVramOverride ?? 0, spec?.minVramGb ?? 0);
  const startedAt = Date.now();
  const excluded = new Set<string>();
  let attempts = 0;
  /**
   * Frames accepted so far across nodes (each uses up one of `maxTokens`, billable or not, so empty
   * frames cannot stall a task forever), the billable ones among them, and the text passed on (for
   * resuming elsewhere).
   */
  let delivered = 0;
  let billable = 0;
  let deliveredText = '';
  const segments: DispatchSegment[] = [];
  let settled = false;
  let current: Attempt | undefined;

  let resolveResult!: (r: DispatchResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<DispatchResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may only iterate; a rejection it sees there must not also surface as unhandled.
  result.catch(() => {});

  const stream = createTokenStream<DispatchToken>(() => current?.cancel());

  const succeed = (
    r: Omit<DispatchResult, 'taskId' | 'attempts' | 'durationMs' | 'segments' | 'completionTokensCounted'>,
  ): void => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    stream.end();
    resolveResult({
      ...r,
      completionTokensCounted: billable,
      segments: segments.filter((x) => x.tokens > 0 || x.claimedCompletionTokens !== undefined),
      taskId: assign.taskId,
      attempts,
      durationMs: Date.now() - startedAt,
    });
  };
  const fail = (error: unknown): void => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    stream.fail(error);
    rejectResult(error);
  };
  const onAbort = (): void => current?.cancel();

  type Attempt = { node: LiveNode; cancel(): void };

  const startAttempt = (node: LiveNode, attemptAssign: TaskAssignMessage): Attempt | undefined => {
    attempts += 1;
    const seqOffset = delivered;
    const segment: DispatchSegment = {
      nodeId: node.nodeId,
      nodeOwner: node.owner,
      tokens: 0,
      claimedCompletionTokens: undefined,
    };
    let expectedSeq = 0;
    let counted = 0;
    let cancelled = false;
    let ended = false;
    let firstTokenAt: number | undefined;
    let accepted = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const end = (): void => {
      if (ended) return;
      ended = true;
      clearTimeout(idleTimer);
      clearTimeout(graceTimer);
      link?.close();
      deps.scheduler.release(node.nodeId);
    };
    const score = (accuracy: number): void => {
      const seconds = (Date.now() - (firstTokenAt ?? Date.now())) / 1000;
      const actualSpeed =
        segment.tokens > 1 && seconds > 0 ? (segment.tokens - 1) / seconds : (spec?.tokensPerSecond ?? 0);
      const next = updateNodeScore(node.score, {
        uptime: 100,
        actualSpeed,
        expectedSpeed: spec?.tokensPerSecond ?? 0,
        accuracy,
      });
      segment.score = next;
      deps.onScore(node.nodeId, next);
    };
    const failed = (reason: NodeTaskFailureReason, message: string, nodeCode?: string): void => {
      end();
      if (cancelled || delivered >= assign.maxTokens) {
        // Cancelled, or every token was delivered and only the node's `task.done` went missing.
        succeed({
          nodeId: node.nodeId,
          nodeOwner: node.owner,
          nodeClaimedUsage: undefined,
          finishReason: cancelled ? 'cancelled' : 'length',
        });
        return;
      }
      const continuation = continueAssignment(assign, deliveredText, delivered);
      const retryable = continuation !== undefined && attempts < deps.maxAttempts && !deps.isClosing();
      if (retryable) {
        excluded.add(node.nodeId);
        deps.logger.info(
          { taskId: assign.taskId, nodeId: node.nodeId, reason, nodeCode, delivered },
          delivered > 0 ? 'resuming task on another node' : 'retrying task on another node',
        );
        void retry(continuation);
        return;
      }
      fail(
        new NodeTaskFailedError({
          reason,
          nodeId: node.nodeId,
          tokensDelivered: delivered,
          message,
          ...(nodeCode ? { nodeCode } : {}),
        }),
      );
    };
    const armIdle = (): void => {
      clearTimeout(idleTimer);
      if (cancelled) return;
      // A live node accepts at once, and once tokens flow, a gap much longer than a token's time
      // means it is stuck; only prompt processing (accepted, no token yet) may take long.
      const deadlineMs =
        accepted && firstTokenAt === undefined
          ? deps.taskIdleTimeoutMs
          : Math.min(deps.taskIdleTimeoutMs, deps.tokenGapTimeoutMs);
      idleTimer = setTimeout(() => {
        link?.send({ type: 'task.cancel', taskId: assign.taskId });
        score(0);
        failed('node_timeout', `node ${node.nodeId} sent nothing for ${deadlineMs} ms`);
      }, deadlineMs);
    };

    const handle: TaskHandle = {
      onNodeMessage(message) {
        if (ended) return undefined;
        switch (message.type) {
          case 'task.accepted':
            accepted = true;
            armIdle();
            return undefined;
          case 'task.token': {
            // Tokens already in flight when the cancel was sent are expected; they reach no one.
            if (cancelled) return undefined;
            if (message.seq !== expectedSeq)
              return `task ${assign.taskId}: seq ${message.seq}, expected ${expectedSeq}`;
            if (counted >= attemptAssign.maxTokens)
              return `task ${assign.taskId}: more than maxTokens tokens`;
            expectedSeq += 1;
            counted += 1;
            delivered += 1;
            if (message.text === '') return undefined;
            deliveredText += message.text;
            const visible = isBillableTokenText(message.text);
            stream.push({ text: message.text, seq: seqOffset + message.seq, billable: visible });
            if (!visible) return undefined;
            billable += 1;
            segment.tokens += 1;
            firstTokenAt ??= Date.now();
            // Only visible text is progress: frames that show nothing do not keep a stalled node's task.
            armIdle();
            return undefined;
          }
          case 'task.done': {
            end();
            // A node whose usage claim differs from the coordinator's count of it is not accurate.
            const honest = message.usage.completionTokens === segment.tokens;
            if (!cancelled) score(honest ? 1 : 0);
            segment.claimedCompletionTokens = message.usage.completionTokens;
            succeed({
              nodeId: node.nodeId,
              nodeOwner: node.owner,
              nodeClaimedUsage: message.usage,
              finishReason: cancelled ? 'cancelled' : message.finishReason,
            });
            return undefined;
          }
          case 'task.error':
            if (!NOT_FREE_CODES.has(message.code) && !cancelled) score(0);
            failed('node_error', `node ${node.nodeId} failed the task: ${message.message}`, message.code);
            return undefined;
        }
      },
      nodeLost() {
        if (ended) return;
        if (!cancelled) score(0);
        failed('node_disconnected', `node ${node.nodeId} disconnected during the task`);
      },
    };

    const link = deps.openTask(node.nodeId, assign.taskId, handle);
    if (!link) {
      // The node vanished between selection and assignment.
      deps.scheduler.release(node.nodeId);
      ended = true;
      return undefined;
    }
    segments.push(segment);
    link.send(attemptAssign);
    armIdle();
    return {
      node,
      cancel() {
        if (ended || cancelled) return;
        cancelled = true;
        clearTimeout(idleTimer);
        link.send({ type: 'task.cancel', taskId: assign.taskId });
        stream.end();
        // Keep the slot until the node confirms, so it is not handed a task it cannot start yet.
        graceTimer = setTimeout(() => {
          end();
          succeed({
            nodeId: node.nodeId,
            nodeOwner: node.owner,
            nodeClaimedUsage: undefined,
            finishReason: 'cancelled',
          });
        }, deps.cancelGraceMs);
      },
    };
  };

  const acquireAndStart = async (attemptAssign: TaskAssignMessage): Promise<Attempt> => {
    for (;;) {
      const node = await deps.scheduler.acquire({
        model: assign.model,
        minVramGb,
        exclude: excluded,
        signal,
      });
      const attempt = startAttempt(node, attemptAssign);
      if (attempt) return attempt;
      excluded.add(node.nodeId);
      if (attempts >= deps.maxAttempts) throw new NoNodeAvailableError(assign.model, 'no_eligible_node');
    }
  };

  const retry = async (continuation: TaskAssignMessage): Promise<void> => {
    try {
      current = await acquireAndStart(continuation);
      // The caller stopped reading while another node was being found.
      if (stream.closed) current.cancel();
    } catch (error) {
      if (signal?.aborted) {
        succeed({
          nodeId: current?.node.nodeId ?? '',
          nodeOwner: current?.node.owner ?? '0x',
          nodeClaimedUsage: undefined,
          finishReason: 'cancelled',
        });
      } else fail(error);
    }
  };

  if (deps.isClosing()) throw new BaseError('service_unavailable', 'the node gateway is shutting down');
  current = await acquireAndStart(assign);
  const firstNodeId = current.node.nodeId;
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return {
    taskId: assign.taskId,
    nodeId: firstNodeId,
    result,
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
  };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
