import type { TaskAssignMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { chooseFailover, type FailoverInput } from './chooseFailover.js';

const assign: TaskAssignMessage = {
  type: 'task.assign',
  taskId: 't',
  model: 'm',
  prompt: 'Once',
  maxTokens: 8,
  temperature: 0,
};
const base: FailoverInput = {
  assign,
  cancelled: false,
  delivered: 2,
  deliveredText: ' upon a',
  attempts: 1,
  maxAttempts: 3,
  closing: false,
};

describe('chooseFailover', () => {
  it('resumes on another node from the text already delivered', () => {
    expect(chooseFailover(base)).toEqual({
      type: 'resume',
      continuation: { ...assign, prompt: 'Once upon a', maxTokens: 6 },
    });
  });

  it('retries the untouched assignment when nothing was delivered', () => {
    expect(chooseFailover({ ...base, delivered: 0, deliveredText: '' })).toEqual({
      type: 'resume',
      continuation: assign,
    });
  });

  it('finishes a cancelled task, and one whose every token arrived, without another node', () => {
    expect(chooseFailover({ ...base, cancelled: true })).toEqual({
      type: 'finish',
      finishReason: 'cancelled',
    });
    expect(chooseFailover({ ...base, delivered: 8 })).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it('gives up when out of attempts, while closing, or when the continuation would break the bounds', () => {
    expect(chooseFailover({ ...base, attempts: 3 })).toEqual({ type: 'fail' });
    expect(chooseFailover({ ...base, closing: true })).toEqual({ type: 'fail' });
    const huge = { ...assign, prompt: 'x'.repeat(199_999) };
    expect(chooseFailover({ ...base, assign: huge })).toEqual({ type: 'fail' });
  });
});
