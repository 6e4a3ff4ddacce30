import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import { TaskTokenMessageSchema } from './nodeToServerMessage.js';
import { readTaskTokenFrame } from './readTaskTokenFrame.js';

/** Token-like frames near every bound: right and wrong types, lengths, characters and extra keys. */
const tokenLikeFrame = fc.record(
  {
    type: fc.constantFrom('task.token', 'task.done', 'Task.token', 1),
    taskId: fc.oneof(
      fc.string({ minLength: 0, maxLength: L.maxTaskIdLength + 2 }),
      fc.stringMatching(/^[A-Za-z0-9._:-]{1,66}$/),
      fc.constant(7),
    ),
    seq: fc.oneof(
      fc.integer({ min: -2, max: L.maxTokens + 2 }),
      fc.double(),
      fc.constantFrom(2 ** 53, '3', null),
    ),
    text: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constant('x'.repeat(L.maxTokenTextLength)),
      fc.constant('x'.repeat(L.maxTokenTextLength + 1)),
      fc.constant(5),
    ),
    extra: fc.constantFrom(undefined, 0, 'x'),
  },
  { requiredKeys: [] },
);

describe('readTaskTokenFrame', () => {
  it('accepts exactly what TaskTokenMessageSchema accepts, with the same message', () => {
    fc.assert(
      fc.property(tokenLikeFrame, (frame) => {
        // Through JSON, as frames arrive (an undefined key is absent).
        const json: unknown = JSON.parse(JSON.stringify(frame));
        const parsed = TaskTokenMessageSchema.safeParse(json);
        expect(readTaskTokenFrame(json)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a token frame and refuses the near misses', () => {
    const token = { type: 'task.token', taskId: 't-1', seq: 0, text: ' hi' };
    expect(readTaskTokenFrame(token)).toEqual(token);
    expect(readTaskTokenFrame({ ...token, seq: 1.5 })).toBeUndefined();
    expect(readTaskTokenFrame({ ...token, taskId: 't 1' })).toBeUndefined();
    expect(readTaskTokenFrame({ ...token, more: 1 })).toBeUndefined();
    expect(readTaskTokenFrame([token])).toBeUndefined();
    expect(readTaskTokenFrame(null)).toBeUndefined();
  });
});
