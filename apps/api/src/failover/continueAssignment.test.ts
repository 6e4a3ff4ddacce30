import type { TaskAssignMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { continueAssignment } from './continueAssignment.js';

const base: TaskAssignMessage = {
  type: 'task.assign',
  taskId: 't',
  model: 'm',
  maxTokens: 10,
  temperature: 0,
};

describe('continueAssignment', () => {
  it('appends delivered text to a raw prompt and shrinks the budget', () => {
    expect(continueAssignment({ ...base, prompt: 'Once' }, ' upon a', 2)).toMatchObject({
      prompt: 'Once upon a',
      maxTokens: 8,
    });
  });

  it('adds the delivered text as a trailing assistant message of a chat', () => {
    const r = continueAssignment({ ...base, messages: [{ role: 'user', content: 'Hi' }] }, 'Hello th', 3);
    expect(r?.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello th' },
    ]);
    expect(r?.maxTokens).toBe(7);
  });

  it('extends a chat that already ended with an assistant prefix', () => {
    const r = continueAssignment(
      {
        ...base,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Sure:' },
        ],
      },
      ' one',
      1,
    );
    expect(r?.messages?.at(-1)).toEqual({ role: 'assistant', content: 'Sure: one' });
  });

  it('returns the assignment unchanged when nothing was delivered', () => {
    const a = { ...base, prompt: 'x' };
    expect(continueAssignment(a, '', 0)).toBe(a);
  });

  it('gives up when the budget is spent or the continuation breaks the bounds', () => {
    expect(continueAssignment({ ...base, prompt: 'x' }, 'abc', 10)).toBeUndefined();
    expect(continueAssignment({ ...base, prompt: 'x'.repeat(199_999) }, 'abc', 1)).toBeUndefined();
  });
});
