import { NODE_PROTOCOL_LIMITS, type NodeToServerMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { expandTokenFrames } from '../../test/support/expandTokenFrames.js';
import { createTokenFrameBatcher } from './createTokenFrameBatcher.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createTokenFrameBatcher', () => {
  it('sends the first token at once and the rest of its turn as one frame on the next turn', async () => {
    const sent: NodeToServerMessage[] = [];
    const frames = createTokenFrameBatcher('t1', (m) => sent.push(m));
    frames.push('a');
    expect(sent).toEqual([{ type: 'task.token', taskId: 't1', seq: 0, text: 'a' }]);
    frames.push('b');
    frames.push('');
    frames.push('c');
    expect(sent).toHaveLength(1);
    await nextTurn();
    expect(sent[1]).toEqual({ type: 'task.tokens', taskId: 't1', seq: 1, texts: ['b', '', 'c'] });
    await nextTurn();
    frames.push('d');
    expect(sent[2]).toEqual({ type: 'task.token', taskId: 't1', seq: 4, text: 'd' });
    frames.flush();
    expect(sent).toHaveLength(3);
  });

  it('flushes on demand and at the frame limit, keeping seq exact per token', async () => {
    const sent: NodeToServerMessage[] = [];
    const frames = createTokenFrameBatcher('t1', (m) => sent.push(m));
    const count = NODE_PROTOCOL_LIMITS.maxTokensPerFrame * 2 + 3;
    for (let i = 0; i < count; i++) frames.push(String(i));
    frames.flush();
    expect(sent.map((m) => m.type)).toEqual(['task.token', 'task.tokens', 'task.tokens', 'task.tokens']);
    const tokens = expandTokenFrames(sent);
    expect(tokens.map((m) => m.seq)).toEqual([...Array(count).keys()]);
    expect(tokens.map((m) => m.text)).toEqual([...Array(count).keys()].map(String));
    await nextTurn();
    expect(sent).toHaveLength(4);
  });
});
