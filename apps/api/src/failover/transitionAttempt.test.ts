import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_TRANSITIONS,
  type AttemptEffect,
  type AttemptEvent,
  type AttemptPhase,
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
        if (type === 'token' || type === 'tokens') continue;
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

/** Folds `token` events over a frame's texts as one `task.token` each would be, stopping at the first violation. */
function foldTokens(
  state: AttemptState,
  seq: number,
  texts: readonly string[],
  now: number,
  maxTokens: number,
) {
  const accepted: { texts: string[]; billable: boolean[] } = { texts: [], billable: [] };
  const idle: AttemptEffect[] = [];
  let violation: string | undefined;
  for (let i = 0; i < texts.length && violation === undefined; i++) {
    const step = transitionAttempt(
      state,
      { type: 'token', seq: seq + i, text: texts[i] as string, now },
      maxTokens,
    );
    state = step.state;
    violation = step.violation;
    for (const effect of step.effects) {
      if (effect.type === 'frame') {
        accepted.texts.push(effect.text);
        accepted.billable.push(effect.billable);
      } else idle.push(effect);
    }
  }
  return { state, accepted, idle: idle.length > 0, violation };
}

describe('transitionAttempt tokens', () => {
  it('takes a task.tokens frame in one step exactly as its tokens one by one', () => {
    const phase = fc.constantFrom<AttemptPhase>('assigned', 'accepted', 'streaming', 'cancelling', 'ended');
    const state = fc.record({
      phase,
      frames: fc.nat(12),
      billable: fc.nat(12),
      firstTokenAt: fc.option(fc.nat(1_000), { nil: undefined }),
    });
    const text = fc.oneof(
      fc.constantFrom('', ' ', '\n', '\t \n', '\u200b', ' hi', 'a', '.'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        state,
        fc.integer({ min: -1, max: 14 }),
        fc.array(text, { maxLength: 8 }),
        fc.nat(20),
        fc.nat(2_000),
        (before, seqShift, texts, maxTokens, now) => {
          // Mostly the expected seq, sometimes a wrong one.
          const seq = seqShift < 0 ? before.frames : seqShift;
          const expected = foldTokens(before, seq, texts, now, maxTokens);
          const step = transitionAttempt(before, { type: 'tokens', seq, texts, now }, maxTokens);
          expect(step.state).toEqual(expected.state);
          expect(step.violation).toBe(expected.violation);
          const frames = step.effects.filter((e) => e.type === 'frames');
          expect(frames.length).toBe(expected.accepted.texts.length > 0 ? 1 : 0);
          expect({
            texts: frames.flatMap((e) => [...e.texts]),
            billable: frames.flatMap((e) => [...e.billable]),
          }).toEqual(expected.accepted);
          if (frames[0]) expect(frames[0].seq).toBe(seq);
          const others = step.effects.filter((e) => e.type !== 'frames');
          expect(others).toEqual(expected.idle ? [{ type: 'armIdle', wait: 'gap' }] : []);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts the tokens before maxTokens and reports the frame that runs past it', () => {
    const start: AttemptState = { ...initialAttemptState, phase: 'accepted', frames: 1 };
    const step = transitionAttempt(
      start,
      { type: 'tokens', seq: 1, texts: [' a', ' ', ' b', ' c'], now: 7 },
      3,
    );
    expect(step).toEqual({
      state: { phase: 'streaming', frames: 3, billable: 1, firstTokenAt: 7 },
      effects: [
        { type: 'frames', seq: 1, texts: [' a', ' '], billable: [true, false] },
        { type: 'armIdle', wait: 'gap' },
      ],
      violation: 'more than maxTokens tokens',
    });
  });
});
