import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNodeWireMessage } from './decodeNodeWireMessage.js';
import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import { NodeToServerMessageSchema, TaskTokensMessageSchema } from './nodeToServerMessage.js';
import { readTaskTokensFrame } from './readTaskTokensFrame.js';

const tokenText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constant('x'.repeat(L.maxTokenTextLength)),
  fc.constant('x'.repeat(L.maxTokenTextLength + 1)),
  fc.constant(5),
);

/** Tokens-like frames near every bound: right and wrong types, lengths, counts, sequence numbers and extra keys. */
const tokensLikeFrame = fc.record(
  {
    type: fc.constantFrom('task.tokens', 'task.token', 'Task.tokens', 1),
    taskId: fc.oneof(
      fc.string({ minLength: 0, maxLength: L.maxTaskIdLength + 2 }),
      fc.stringMatching(/^[A-Za-z0-9._:-]{1,66}$/),
      fc.constant(7),
    ),
    seq: fc.oneof(
      fc.integer({ min: -2, max: 20 }),
      fc.integer({ min: L.maxTokens - 3, max: L.maxTokens + 2 }),
      fc.double(),
      fc.constantFrom(2 ** 53, '3', null),
    ),
    texts: fc.oneof(
      fc.array(tokenText, { maxLength: 4 }),
      fc.constant(Array.from({ length: L.maxTokensPerFrame }, () => 'a')),
      fc.constant(Array.from({ length: L.maxTokensPerFrame + 1 }, () => 'a')),
      fc.constant('abc'),
      fc.constant({ 0: 'a' }),
    ),
    extra: fc.constantFrom(undefined, 0, 'x'),
  },
  { requiredKeys: [] },
);

describe('readTaskTokensFrame', () => {
  it('accepts exactly what TaskTokensMessageSchema accepts, with the same message', () => {
    fc.assert(
      fc.property(tokensLikeFrame, (frame) => {
        // Through JSON, as frames arrive (an undefined key is absent).
        const json: unknown = JSON.parse(JSON.stringify(frame));
        const parsed = TaskTokensMessageSchema.safeParse(json);
        expect(readTaskTokensFrame(json)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a tokens frame and refuses the near misses', () => {
    const tokens = { type: 'task.tokens', taskId: 't-1', seq: 4, texts: [' hi', '', ' there'] };
    expect(readTaskTokensFrame(tokens)).toEqual(tokens);
    expect(readTaskTokensFrame({ ...tokens, texts: [] })).toBeUndefined();
    expect(readTaskTokensFrame({ ...tokens, texts: [' hi', 3] })).toBeUndefined();
    expect(readTaskTokensFrame({ ...tokens, seq: L.maxTokens })).toBeUndefined();
    expect(readTaskTokensFrame({ ...tokens, more: 1 })).toBeUndefined();
    expect(readTaskTokensFrame([tokens])).toBeUndefined();
  });

  it('leaves a malformed tokens frame to the schema, which refuses it with a reason', () => {
    const frame = JSON.stringify({ type: 'task.tokens', taskId: 't-1', seq: -1, texts: ['a'] });
    const decoded = decodeNodeWireMessage(NodeToServerMessageSchema, frame, readTaskTokensFrame);
    expect(decoded).toEqual({ ok: false, reason: expect.stringContaining('seq') });
    const overflow = JSON.stringify({
      type: 'task.tokens',
      taskId: 't-1',
      seq: L.maxTokens,
      texts: ['a', 'b'],
    });
    const refused = decodeNodeWireMessage(NodeToServerMessageSchema, overflow, readTaskTokensFrame);
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining('texts') });
  });
});
