import type { TaskAssignMessage } from '@far/protocol';
import { chooseFailover } from '../failover/chooseFailover.js';
import {
  type AttemptEffect,
  type AttemptEvent,
  type AttemptState,
  initialAttemptState,
  transitionAttempt,
} from '../failover/transitionAttempt.js';
import type { LiveNode } from '../nodes/nodeRegistry.js';
import { updateNodeScore } from '../scheduler/updateNodeScore.js';
import type { RunningAttempt, TaskRun } from './createTaskRun.js';
import type { DispatchSegment, DispatchToken, TaskHandle, TaskLink } from './dispatchTypes.js';
import { NodeTaskFailedError } from './NodeTaskFailedError.js';

/** One node's attempt at the task: the machine's state plus the timers and link it drives. */
type Attempt = {
  run: TaskRun;
  node: LiveNode;
  assign: TaskAssignMessage;
  segment: DispatchSegment;
  /** Frames delivered before this attempt: its own `seq` 0 is the task's `seqOffset`. */
  seqOffset: number;
  state: AttemptState;
  idleTimer: NodeJS.Timeout | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  link: TaskLink | undefined;
  resume: (continuation: TaskAssignMessage) => void;
  /** When the task was given to the node: its time to first token counts from here. */
  assignedAt: number;
};

/**
 * Gives `node` the task and runs the attempt: node frames, silence and cancellation become
 * {@link transitionAttempt} events, and this carries out the effects it returns (timers, the
 * link, the node's score, the run's stream and outcome). A failed attempt goes to
 * {@link chooseFailover}, which may hand the task to `resume`.
 *
 * @param run - the task's run.
 * @param node - the node chosen (its slot is held).
 * @param assign - the assignment for this node (a continuation after a failure).
 * @param resume - starts the next attempt with a continuation.
 * @returns the attempt, or undefined when the node vanished before it could be assigned.
 */
export function startAttempt(
  run: TaskRun,
  node: LiveNode,
  assign: TaskAssignMessage,
  resume: (continuation: TaskAssignMessage) => void,
): RunningAttempt | undefined {
  run.attempts += 1;
  const attempt: Attempt = {
    run,
    node,
    assign,
    segment: { nodeId: node.nodeId, nodeOwner: node.owner, tokens: 0, claimedCompletionTokens: undefined },
    seqOffset: run.delivered,
    state: initialAttemptState,
    idleTimer: undefined,
    graceTimer: undefined,
    link: undefined,
    resume,
    assignedAt: Date.now(),
  };
  const handle: TaskHandle = {
    onNodeMessage(message) {
      switch (message.type) {
        case 'task.accepted':
          return onEvent(attempt, { type: 'accepted' });
        case 'task.token':
          return onEvent(attempt, { type: 'token', seq: message.seq, text: message.text, now: Date.now() });
        case 'task.done':
          return onEvent(attempt, { type: 'done', usage: message.usage, finishReason: message.finishReason });
        case 'task.error':
          return onEvent(attempt, { type: 'error', code: message.code, message: message.message });
        default:
          return `${message.type} for chat task ${run.assign.taskId}`;
      }
    },
    onNodeTokens: (_taskId, seq, texts) => onEvent(attempt, { type: 'tokens', seq, texts, now: Date.now() }),
    nodeLost: () => void onEvent(attempt, { type: 'lost' }),
  };
  const link = run.deps.openTask(node.nodeId, run.assign.taskId, handle);
  if (!link) {
    // The node vanished between selection and assignment.
    run.deps.scheduler.release(node.nodeId);
    return undefined;
  }
  attempt.link = link;
  run.segments.push(attempt.segment);
  link.send(assign);
  armIdle(attempt, 'gap');
  return { node, cancel: () => void onEvent(attempt, { type: 'cancel' }) };
}

/** Moves the attempt by one event and carries out the effects; returns a protocol violation's reason. */
function onEvent(attempt: Attempt, event: AttemptEvent): string | undefined {
  const step = transitionAttempt(attempt.state, event, attempt.assign.maxTokens);
  attempt.state = step.state;
  for (const effect of step.effects) applyEffect(attempt, effect);
  return step.violation && `task ${attempt.run.assign.taskId}: ${step.violation}`;
}

function applyEffect(attempt: Attempt, effect: AttemptEffect): void {
  const { run, node, segment } = attempt;
  switch (effect.type) {
    case 'armIdle':
      armIdle(attempt, effect.wait);
      return;
    case 'clearIdle':
      clearTimeout(attempt.idleTimer);
      return;
    case 'frame': {
      run.delivered += 1;
      if (effect.text === '') return;
      run.deliveredText += effect.text;
      run.stream.push({ text: effect.text, seq: attempt.seqOffset + effect.seq, billable: effect.billable });
      if (effect.billable) {
        run.billable += 1;
        segment.tokens += 1;
      }
      return;
    }
    case 'frames':
      passFramesOn(attempt, effect);
      return;
    case 'score':
      score(attempt, effect.accuracy);
      return;
    case 'sendCancel':
      attempt.link?.send({ type: 'task.cancel', taskId: run.assign.taskId });
      return;
    case 'armGrace':
      // Keep the slot until the node confirms, so it is not handed a task it cannot start yet.
      run.stream.end();
      attempt.graceTimer = setTimeout(
        () => onEvent(attempt, { type: 'graceElapsed' }),
        run.deps.cancelGraceMs,
      );
      return;
    case 'end':
      clearTimeout(attempt.idleTimer);
      clearTimeout(attempt.graceTimer);
      attempt.link?.close();
      run.deps.scheduler.release(node.nodeId);
      return;
    case 'finish':
      if (effect.usage) segment.claimedCompletionTokens = effect.usage.completionTokens;
      run.succeed({
        nodeId: node.nodeId,
        nodeOwner: node.owner,
        nodeClaimedUsage: effect.usage,
        finishReason: effect.finishReason,
      });
      return;
    case 'fail':
      failOver(attempt, effect);
      return;
  }
}

/** Counts a frame's accepted tokens and passes those that show text on to the stream together. */
function passFramesOn(attempt: Attempt, effect: Extract<AttemptEffect, { type: 'frames' }>): void {
  const { run, segment } = attempt;
  const { texts, billable } = effect;
  const seq = attempt.seqOffset + effect.seq;
  const tokens: DispatchToken[] = [];
  let visible = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (text === '') continue;
    const counted = billable[i] === true;
    run.deliveredText += text;
    tokens.push({ text, seq: seq + i, billable: counted });
    if (counted) visible += 1;
  }
  run.delivered += texts.length;
  run.billable += visible;
  segment.tokens += visible;
  if (tokens.length > 0) run.stream.pushAll(tokens);
}

/** (Re)starts the silence timer; `prompt` allows the long wait of prompt processing. */
function armIdle(attempt: Attempt, wait: 'prompt' | 'gap'): void {
  const { deps } = attempt.run;
  clearTimeout(attempt.idleTimer);
  // A live node accepts at once, and once tokens flow, a gap much longer than a token's time
  // means it is stuck; only prompt processing (accepted, no token yet) may take long.
  const deadlineMs =
    wait === 'prompt' ? deps.taskIdleTimeoutMs : Math.min(deps.taskIdleTimeoutMs, deps.tokenGapTimeoutMs);
  attempt.idleTimer = setTimeout(() => onEvent(attempt, { type: 'idleTimeout', deadlineMs }), deadlineMs);
}

/**
 * Scores the node from this attempt's speed, time to first token and accuracy, with its standing
 * (uptime, audit pass rate), for its payment adjustment and future selection.
 */
function score(attempt: Attempt, accuracy: number): void {
  const { run, node, segment, state } = attempt;
  const expectedTokensPerSecond = run.spec?.tokensPerSecond ?? 0;
  const seconds = (Date.now() - (state.firstTokenAt ?? Date.now())) / 1000;
  const tokensPerSecond =
    segment.tokens > 1 && seconds > 0 ? (segment.tokens - 1) / seconds : expectedTokensPerSecond;
  const firstTokenLatencyMs =
    state.firstTokenAt === undefined ? null : state.firstTokenAt - attempt.assignedAt;
  segment.score = updateNodeScore(node.score, {
    ...run.deps.standing(node.nodeId),
    tokensPerSecond,
    expectedTokensPerSecond,
    firstTokenLatencyMs,
    accuracy,
  });
  run.deps.onScore(node.nodeId, segment.score);
}

/** The node failed the task: finish it as it stands, resume it on another node, or fail the run. */
function failOver(attempt: Attempt, effect: Extract<AttemptEffect, { type: 'fail' }>): void {
  const { run, node } = attempt;
  const { deps, assign } = run;
  const { reason, nodeCode } = effect;
  const decision = chooseFailover({
    assign,
    cancelled: effect.cancelled,
    delivered: run.delivered,
    deliveredText: run.deliveredText,
    attempts: run.attempts,
    maxAttempts: deps.maxAttempts,
    closing: deps.isClosing(),
  });
  if (decision.type === 'finish') {
    const { finishReason } = decision;
    run.succeed({ nodeId: node.nodeId, nodeOwner: node.owner, nodeClaimedUsage: undefined, finishReason });
  } else if (decision.type === 'resume') {
    run.excluded.add(node.nodeId);
    deps.logger.info(
      { taskId: assign.taskId, nodeId: node.nodeId, reason, nodeCode, delivered: run.delivered },
      run.delivered > 0 ? 'resuming task on another node' : 'retrying task on another node',
    );
    attempt.resume(decision.continuation);
  } else {
    const error = new NodeTaskFailedError({
      reason,
      nodeId: node.nodeId,
      tokensDelivered: run.delivered,
      message: `node ${node.nodeId} ${effect.message}`,
      ...(nodeCode ? { nodeCode } : {}),
    });
    run.fail(error);
  }
}
