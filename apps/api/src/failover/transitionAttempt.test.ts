import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_TRANSITIONS,
  type AttemptEvent,
  type AttemptState,
  initialAttemptState,
  transitionAttempt,
} from './transitionAttempt.js';

const token = (seq: number, text: string, now = 1_000): AttemptEvent => ({ type: 'token', seq, text, now });
const done = (completionTokens: number): AttemptEvent => ({
  type: 'done',
  usage: { promptTokens: 3, completionTokens },
  finishReason: 'stop',
});

/** Runs events from the start; returns the last step and every effect type in order. */
function play(events: AttemptEvent[], maxTokens = 8) {
  let state: AttemptState = initialAttemptState;
  const effects: string[] = [];
  let last = transitionAttempt(state, { type: 'graceElapsed' }, maxTokens);
  for (const event of events) {
    last = transitionAttempt(state, event, maxTokens);
    state = last.state;
    effects.push(...last.effects.map((e) => e.type));
  }
  return { state, effects, last };
}

describe('transitionAttempt', () => {
  it('waits the long prompt deadline only between task.accepted and the first billable token', () => {
    expect(play([{ type: 'accepted' }]).last.effects).toEqual([{ type: 'armIdle', wait: 'prompt' }]);
    const { state, last } = play([{ type: 'accepted' }, token(0, ' river', 5)]);
    expect(state).toMatchObject({ phase: 'streaming', frames: 1, billable: 1, firstTokenAt: 5 });
    expect(last.effects).toEqual([
      { type: 'frame', seq: 0, text: ' river', billable: true },
      { type: 'armIdle', wait: 'gap' },
    ]);
    expect(play([token(0, 'a'), { type: 'accepted' }]).last.effects).toEqual([
      { type: 'armIdle', wait: 'gap' },
    ]);
  });

  it('counts invisible and empty frames toward maxTokens without counting them as progress', () => {
    const { state, last } = play([{ type: 'accepted' }, token(0, ''), token(1, ' \n')]);
    expect(state).toMatchObject({ phase: 'accepted', frames: 2, billable: 0, firstTokenAt: undefined });
    expect(last.effects).toEqual([{ type: 'frame', seq: 1, text: ' \n', billable: false }]);
  });

  it('names a frame out of sequence or beyond maxTokens as a violation and leaves the state alone', () => {
    const skipped = play([token(0, 'a'), token(2, 'b')]);
    expect(skipped.last.violation).toBe('seq 2, expected 1');
    expect(skipped.state.frames).toBe(1);
    expect(play([token(0, 'a'), token(1, 'b')], 1).last.violation).toBe('more than maxTokens tokens');
  });

  it('scores an honest task.done 1 and a usage claim that differs from the count 0', () => {
    expect(play([token(0, 'a'), done(1)]).last.effects).toEqual([
      { type: 'end' },
      { type: 'score', accuracy: 1 },
      { type: 'finish', finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 1 } },
    ]);
    expect(play([token(0, 'a'), done(5)]).last.effects).toContainEqual({ type: 'score', accuracy: 0 });
  });

  it('does not blame a node that was busy or draining, but blames any other error', () => {
    const busy = play([{ type: 'error', code: 'busy', message: 'full' }]);
    expect(busy.effects).toEqual(['end', 'fail']);
    expect(busy.last.effects.at(-1)).toEqual({
      type: 'fail',
      reason: 'node_error',
      message: 'failed the task: full',
      nodeCode: 'busy',
      cancelled: false,
    });
    expect(play([{ type: 'error', code: 'oom', message: 'x' }]).effects).toEqual(['score', 'end', 'fail']);
  });

  it('cancels the node on silence and fails the attempt as a timeout', () => {
    const { state, last } = play([{ type: 'idleTimeout', deadlineMs: 250 }]);
    expect(state.phase).toBe('ended');
    expect(last.effects.map((e) => e.type)).toEqual(['sendCancel', 'score', 'end', 'fail']);
    expect(last.effects.at(-1)).toMatchObject({ reason: 'node_timeout', message: 'sent nothing for 250 ms' });
  });

  it('after a cancel drops tokens in flight, scores nothing and finishes cancelled', () => {
    const cancelled = play([token(0, 'a'), { type: 'cancel' }]);
    expect(cancelled.last.effects.map((e) => e.type)).toEqual(['clearIdle', 'sendCancel', 'armGrace']);
    expect(transitionAttempt(cancelled.state, token(1, 'b'), 8)).toEqual({
      state: cancelled.state,
      effects: [],
    });
    expect(transitionAttempt(cancelled.state, done(1), 8).effects).toEqual([
      { type: 'end' },
      { type: 'finish', finishReason: 'cancelled', usage: { promptTokens: 3, completionTokens: 1 } },
    ]);
    expect(transitionAttempt(cancelled.state, { type: 'graceElapsed' }, 8).effects).toEqual([
      { type: 'end' },
      { type: 'finish', finishReason: 'cancelled', usage: undefined },
    ]);
    const lost = transitionAttempt(cancelled.state, { type: 'lost' }, 8);
    expect(lost.effects.map((e) => e.type)).toEqual(['end', 'fail']);
    expect(lost.effects.at(-1)).toMatchObject({ cancelled: true });
  });

  it('ignores everything once ended, and follows the transition table for every phase', () => {
    const ended = play([done(0)]).state;
    for (const type of ['accepted', 'lost', 'cancel', 'graceElapsed'] as const) {
      expect(transitionAttempt(ended, { type } as AttemptEvent, 8)).toEqual({ state: ended, effects: [] });
    }
    expect(ATTEMPT_TRANSITIONS.ended).toEqual({});
    for (const [phase, table] of Object.entries(ATTEMPT_TRANSITIONS)) {
      for (const [type, next] of Object.entries(table)) {
        if (type === 'token') continue;
        const event = {
          type,
          deadlineMs: 1,
          code: 'x',
          message: 'm',
          usage: { promptTokens: 0, completionTokens: 0 },
          finishReason: 'stop',
        };
        const state = { ...initialAttemptState, phase } as AttemptState;
        expect(transitionAttempt(state, event as AttemptEvent, 8).state.phase, `${phase} --${type}-->`).toBe(
          next,
        );
      }
    }
  });
});
