import {
  isBillableTokenText,
  type NodeClaimedUsage,
  type NodeFinishReason,
  type TaskDoneMessage,
  type TaskErrorMessage,
} from '@far/protocol';
import type { NodeTaskFailureReason } from '../dispatch/NodeTaskFailedError.js';

/**
 * Where one attempt (one node working on one task) stands.
 * - `assigned`: `task.assign` sent, the node has neither accepted nor shown a token.
 * - `accepted`: the node accepted and processes the prompt; no billable token yet.
 * - `streaming`: at least one billable token arrived.
 * - `cancelling`: `task.cancel` sent; the slot is held until the node confirms or the grace ends.
 * - `ended`: done, failed or cancelled; nothing more happens.
 */
export type AttemptPhase = 'assigned' | 'accepted' | 'streaming' | 'cancelling' | 'ended';

export type AttemptState = {
  phase: AttemptPhase;
  /** Frames accepted from this node, billable or not: the `seq` the next one must carry. */
  frames: number;
  /** Billable tokens of this node passed on: what it is paid for, and what its usage claim must equal. */
  billable: number;
  /** When its first billable token arrived (ms), for its speed score. */
  firstTokenAt: number | undefined;
};

export type AttemptEvent =
  | { type: 'accepted' }
  | { type: 'token'; seq: number; text: string; now: number }
  /** A `task.tokens` frame: its tokens in one step, as if each were a `token` event (`seq`, `seq + 1`, …). */
  | { type: 'tokens'; seq: number; texts: readonly string[]; now: number }
  | { type: 'done'; usage: TaskDoneMessage['usage']; finishReason: NodeFinishReason }
  | { type: 'error'; code: TaskErrorMessage['code']; message: string }
  | { type: 'lost' }
  | { type: 'idleTimeout'; deadlineMs: number }
  | { type: 'cancel' }
  | { type: 'graceElapsed' };

/** What the dispatcher must do, in order, after a transition. */
export type AttemptEffect =
  /** (Re)start the silence timer: `prompt` while the node processes the prompt, else `gap`. */
  | { type: 'armIdle'; wait: 'prompt' | 'gap' }
  | { type: 'clearIdle' }
  /** A frame was accepted; pass its text on (unless empty) and count it toward `maxTokens`. */
  | { type: 'frame'; seq: number; text: string; billable: boolean }
  /**
   * A `tokens` event's accepted tokens, from `seq` on (all of them, or those before `maxTokens`):
   * pass on those that show text and count them all; `billable[i]` is `texts[i]`'s.
   */
  | { type: 'frames'; seq: number; texts: readonly string[]; billable: readonly boolean[] }
  /** Score the node for this attempt (1 accurate, 0 failed or lying). */
  | { type: 'score'; accuracy: 0 | 1 }
  | { type: 'sendCancel' }
  /** Hold the slot for the cancel grace period, then `graceElapsed`. */
  | { type: 'armGrace' }
  /** Stop the timers, close the link and give the node's slot back. */
  | { type: 'end' }
  /** The task ends well on this node. */
  | { type: 'finish'; finishReason: NodeFinishReason; usage: NodeClaimedUsage | undefined }
  /** The node failed the task: failover decides whether another node resumes it ({@link chooseFailover}). */
  | { type: 'fail'; reason: NodeTaskFailureReason; message: string; nodeCode?: string; cancelled: boolean };

export type AttemptStep = {
  state: AttemptState;
  effects: AttemptEffect[];
  /**
   * Set when the node's frame breaks the protocol. The state is then unchanged, except for the
   * tokens of a `tokens` frame accepted before the one that broke it.
   */
  violation?: string;
};

/**
 * The phase each event leads to, by phase: the state machine as data. An event a phase does not
 * list is ignored there. A `token` (or `tokens`) moves to `streaming` only when it is (or one of
 * them is) billable (an invisible frame keeps the phase), and in `cancelling` tokens still in
 * flight are dropped.
 */
export const ATTEMPT_TRANSITIONS: Record<
  AttemptPhase,
  Partial<Record<AttemptEvent['type'], AttemptPhase>>
> = {
  assigned: {
    accepted: 'accepted',
    token: 'streaming',
    tokens: 'streaming',
    done: 'ended',
    error: 'ended',
    lost: 'ended',
    idleTimeout: 'ended',
    cancel: 'cancelling',
  },
  accepted: {
    accepted: 'accepted',
    token: 'streaming',
    tokens: 'streaming',
    done: 'ended',
    error: 'ended',
    lost: 'ended',
    idleTimeout: 'ended',
    cancel: 'cancelling',
  },
  streaming: {
    accepted: 'streaming',
    token: 'streaming',
    tokens: 'streaming',
    done: 'ended',
    error: 'ended',
    lost: 'ended',
    idleTimeout: 'ended',
    cancel: 'cancelling',
  },
  cancelling: { done: 'ended', error: 'ended', lost: 'ended', graceElapsed: 'ended' },
  ended: {},
};

/** Node error codes that say nothing about the node's quality: it was simply not free. */
const NOT_FREE_CODES = new Set(['busy', 'draining']);

/** A new attempt, right after `task.assign` was sent. */
export const initialAttemptState: AttemptState = {
  phase: 'assigned',
  frames: 0,
  billable: 0,
  firstTokenAt: undefined,
};

/**
 * Moves one attempt by one event. Pure: no sockets, no timers; the dispatcher carries out the
 * returned effects in order. A fail effect's `message` follows the words `node <id>`.
 *
 * @param state - the attempt now.
 * @param event - what happened.
 * @param maxTokens - the attempt's `task.assign` budget: a node may send no more frames than this.
 * @returns the next state, the effects, and a violation reason when the node broke the protocol.
 * @example
 * transitionAttempt(initialAttemptState, { type: 'accepted' }, 16)
 * // { state: { phase: 'accepted', … }, effects: [{ type: 'armIdle', wait: 'prompt' }] }
 */
export function transitionAttempt(state: AttemptState, event: AttemptEvent, maxTokens: number): AttemptStep {
  const next = ATTEMPT_TRANSITIONS[state.phase][event.type];
  if (next === undefined) return { state, effects: [] };
  const cancelling = state.phase === 'cancelling';
  const ended: AttemptState = { ...state, phase: 'ended' };
  switch (event.type) {
    case 'accepted':
      return {
        state: { ...state, phase: next },
        effects: [{ type: 'armIdle', wait: next === 'accepted' ? 'prompt' : 'gap' }],
      };
    case 'token':
      return acceptToken(state, event, maxTokens);
    case 'tokens':
      return acceptTokens(state, event, maxTokens);
    case 'done': {
      // A node whose usage claim differs from the coordinator's count of it is not accurate.
      const honest = event.usage.completionTokens === state.billable;
      return {
        state: ended,
        effects: [
          { type: 'end' },
          ...(cancelling ? [] : [{ type: 'score', accuracy: honest ? 1 : 0 } as const]),
          { type: 'finish', finishReason: cancelling ? 'cancelled' : event.finishReason, usage: event.usage },
        ],
      };
    }
    case 'error': {
      const blame = !NOT_FREE_CODES.has(event.code) && !cancelling;
      return {
        state: ended,
        effects: [
          ...(blame ? [{ type: 'score', accuracy: 0 } as const] : []),
          { type: 'end' },
          {
            type: 'fail',
            reason: 'node_error',
            message: `failed the task: ${event.message}`,
            nodeCode: event.code,
            cancelled: cancelling,
          },
        ],
      };
    }
    case 'lost':
      return {
        state: ended,
        effects: [
          ...(cancelling ? [] : [{ type: 'score', accuracy: 0 } as const]),
          { type: 'end' },
          {
            type: 'fail',
            reason: 'node_disconnected',
            message: 'disconnected during the task',
            cancelled: cancelling,
          },
        ],
      };
    case 'idleTimeout':
      return {
        state: ended,
        effects: [
          { type: 'sendCancel' },
          { type: 'score', accuracy: 0 },
          { type: 'end' },
          {
            type: 'fail',
            reason: 'node_timeout',
            message: `sent nothing for ${event.deadlineMs} ms`,
            cancelled: false,
          },
        ],
      };
    case 'cancel':
      return {
        state: { ...state, phase: 'cancelling' },
        effects: [{ type: 'clearIdle' }, { type: 'sendCancel' }, { type: 'armGrace' }],
      };
    case 'graceElapsed':
      return {
        state: ended,
        effects: [{ type: 'end' }, { type: 'finish', finishReason: 'cancelled', usage: undefined }],
      };
  }
}

/** A `task.token` frame: checked against the protocol, counted, and passed on when it shows text. */
function acceptToken(
  state: AttemptState,
  event: Extract<AttemptEvent, { type: 'token' }>,
  maxTokens: number,
): AttemptStep {
  // Tokens already in flight when the cancel was sent are expected; they reach no one.
  if (state.phase === 'cancelling') return { state, effects: [] };
  if (event.seq !== state.frames)
    return { state, effects: [], violation: `seq ${event.seq}, expected ${state.frames}` };
  if (state.frames >= maxTokens) return { state, effects: [], violation: 'more than maxTokens tokens' };
  const billable = isBillableTokenText(event.text);
  const counted = { ...state, frames: state.frames + 1 };
  const frame: AttemptEffect = { type: 'frame', seq: event.seq, text: event.text, billable };
  if (!billable) return { state: counted, effects: [frame] };
  return {
    state: {
      ...counted,
      phase: 'streaming',
      billable: state.billable + 1,
      firstTokenAt: state.firstTokenAt ?? event.now,
    },
    // Only visible text is progress: frames that show nothing do not keep a stalled node's task.
    effects: [frame, { type: 'armIdle', wait: 'gap' }],
  };
}

/**
 * A `task.tokens` frame in one step, exactly as its tokens would be one `token` event each, stopped
 * at the first violation: one state and one `frames` effect for the frame instead of one per token.
 */
function acceptTokens(
  state: AttemptState,
  event: Extract<AttemptEvent, { type: 'tokens' }>,
  maxTokens: number,
): AttemptStep {
  const { seq, texts } = event;
  if (state.phase === 'cancelling' || texts.length === 0) return { state, effects: [] };
  if (seq !== state.frames) return { state, effects: [], violation: `seq ${seq}, expected ${state.frames}` };
  const billable: boolean[] = [];
  let billableCount = 0;
  for (let i = 0; i < texts.length && state.frames + i < maxTokens; i++) {
    const visible = isBillableTokenText(texts[i] as string);
    billable.push(visible);
    if (visible) billableCount += 1;
  }
  const accepted = billable.length;
  const violation = accepted < texts.length ? { violation: 'more than maxTokens tokens' } : {};
  if (accepted === 0) return { state, effects: [], ...violation };
  const counted = { ...state, frames: state.frames + accepted };
  const frames: AttemptEffect = {
    type: 'frames',
    seq,
    texts: accepted === texts.length ? texts : texts.slice(0, accepted),
    billable,
  };
  if (billableCount === 0) return { state: counted, effects: [frames], ...violation };
  return {
    state: {
      ...counted,
      phase: 'streaming',
      billable: state.billable + billableCount,
      firstTokenAt: state.firstTokenAt ?? event.now,
    },
    effects: [frames, { type: 'armIdle', wait: 'gap' }],
    ...violation,
  };
}
