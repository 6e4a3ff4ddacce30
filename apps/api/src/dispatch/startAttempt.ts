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
import type { DispatchSegment, TaskHandle, TaskLink } from './dispatchTypes.js';
import { NodeTaskFailedError } from './NodeTaskFailedError.js';

/**
 * Gives `node` the task and runs the attempt: node frames, silence and cancellation become
 * {@link transitionAttempt} events, and this carries out the effects it returns (timers, the
 * link, the node's score, the run's stream and outcome). A failed attempt goes to
 * {@link chooseFailover}, which may hand the task to `resume`.
 *
 * @param run - the task's run.
 * @param node - the node chosen (its slot is held).
 * @param attemptAssign - the assignment for this node (a continuation after a failure).
 * @param resume - starts the next attempt with a continuation.
 * @returns the attempt, or undefined when the node vanished before it could be assigned.
 */
export function startAttempt(
  run: TaskRun,
  node: LiveNode,
  attemptAssign: TaskAssignMessage,
  resume: (continuation: TaskAssignMessage) => void,
): RunningAttempt | undefined {
  const { deps, assign } = run;
  run.attempts += 1;
  const seqOffset = run.delivered;
  const segment: DispatchSegment = {
    nodeId: node.nodeId,
    nodeOwner: node.owner,
    tokens: 0,
    claimedCompletionTokens: undefined,
  };
  let state: AttemptState = initialAttemptState;
  let idleTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let link: TaskLink | undefined;

  const dispatchEvent = (event: AttemptEvent): string | undefined => {
    const step = transitionAttempt(state, event, attemptAssign.maxTokens);
    state = step.state;
    for (const effect of step.effects) apply(effect);
    return step.violation && `task ${assign.taskId}: ${step.violation}`;
  };

  const armIdle = (wait: 'prompt' | 'gap'): void => {
    clearTimeout(idleTimer);
    // A live node accepts at once, and once tokens flow, a gap much longer than a token's time
    // means it is stuck; only prompt processing (accepted, no token yet) may take long.
    const deadlineMs =
      wait === 'prompt' ? deps.taskIdleTimeoutMs : Math.min(deps.taskIdleTimeoutMs, deps.tokenGapTimeoutMs);
    idleTimer = setTimeout(() => dispatchEvent({ type: 'idleTimeout', deadlineMs }), deadlineMs);
  };

  const score = (accuracy: number): void => {
    const expectedSpeed = run.spec?.tokensPerSecond ?? 0;
    const seconds = (Date.now() - (state.firstTokenAt ?? Date.now())) / 1000;
    const actualSpeed = segment.tokens > 1 && seconds > 0 ? (segment.tokens - 1) / seconds : expectedSpeed;
    segment.score = updateNodeScore(node.score, { uptime: 100, actualSpeed, expectedSpeed, accuracy });
    deps.onScore(node.nodeId, segment.score);
  };

  const failover = (effect: Extract<AttemptEffect, { type: 'fail' }>): void => {
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
      const { reason, nodeCode } = effect;
      deps.logger.info(
        { taskId: assign.taskId, nodeId: node.nodeId, reason, nodeCode, delivered: run.delivered },
        run.delivered > 0 ? 'resuming task on another node' : 'retrying task on another node',
      );
      resume(decision.continuation);
    } else {
      const { reason, nodeCode } = effect;
      const message = `node ${node.nodeId} ${effect.message}`;
      run.fail(
        new NodeTaskFailedError({
          reason,
          nodeId: node.nodeId,
          tokensDelivered: run.delivered,
          message,
          ...(nodeCode ? { nodeCode } : {}),
        }),
      );
    }
  };

  const apply = (effect: AttemptEffect): void => {
    switch (effect.type) {
      case 'armIdle':
        armIdle(effect.wait);
        return;
      case 'clearIdle':
        clearTimeout(idleTimer);
        return;
      case 'frame':
        run.delivered += 1;
        if (effect.text === '') return;
        run.deliveredText += effect.text;
        run.stream.push({ text: effect.text, seq: seqOffset + effect.seq, billable: effect.billable });
        if (effect.billable) {
          run.billable += 1;
          segment.tokens += 1;
        }
        return;
      case 'score':
        score(effect.accuracy);
        return;
      case 'sendCancel':
        link?.send({ type: 'task.cancel', taskId: assign.taskId });
        return;
      case 'armGrace':
        // Keep the slot until the node confirms, so it is not handed a task it cannot start yet.
        run.stream.end();
        graceTimer = setTimeout(() => dispatchEvent({ type: 'graceElapsed' }), deps.cancelGraceMs);
        return;
      case 'end':
        clearTimeout(idleTimer);
        clearTimeout(graceTimer);
        link?.close();
        deps.scheduler.release(node.nodeId);
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
        failover(effect);
        return;
    }
  };

  const handle: TaskHandle = {
    onNodeMessage(message) {
      switch (message.type) {
        case 'task.accepted':
          return dispatchEvent({ type: 'accepted' });
        case 'task.token':
          return dispatchEvent({ type: 'token', seq: message.seq, text: message.text, now: Date.now() });
        case 'task.done':
          return dispatchEvent({ type: 'done', usage: message.usage, finishReason: message.finishReason });
        case 'task.error':
          return dispatchEvent({ type: 'error', code: message.code, message: message.message });
      }
    },
    nodeLost: () => void dispatchEvent({ type: 'lost' }),
  };

  link = deps.openTask(node.nodeId, assign.taskId, handle);
  if (!link) {
    // The node vanished between selection and assignment.
    deps.scheduler.release(node.nodeId);
    return undefined;
  }
  run.segments.push(segment);
  link.send(attemptAssign);
  armIdle('gap');
  return { node, cancel: () => void dispatchEvent({ type: 'cancel' }) };
}
