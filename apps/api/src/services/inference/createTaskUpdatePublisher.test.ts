import { describe, expect, it } from 'vitest';
import { InferenceUpdateSchema } from '../../realtime/channels.js';
import { createTaskUpdatePublisher } from './createTaskUpdatePublisher.js';

const task = { taskId: 'task-1', userId: '3f1c1f0e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
const turn = () => new Promise((resolve) => setImmediate(resolve));

function recorder() {
  const sent: Array<{ channel: string; message: Record<string, unknown> }> = [];
  return {
    sent,
    publish: (channel: string, message: unknown) => sent.push({ channel, message: message as never }),
  };
}

describe('createTaskUpdatePublisher', () => {
  it('sends the tokens of one event-loop turn as one chunk, seq from 0 without gaps, and done last', async () => {
    const bus = recorder();
    const updates = createTaskUpdatePublisher(bus, task);
    updates.push('Hel');
    updates.push('lo');
    expect(bus.sent).toEqual([]);
    await turn();
    updates.push(',');
    await turn();
    updates.push(' world');
    updates.finish({ finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } });
    await turn();

    const messages = bus.sent.map((m) => InferenceUpdateSchema.parse(m.message));
    expect(bus.sent.every((m) => m.channel === 'inference:updates')).toBe(true);
    expect(messages.map((m) => m.text)).toEqual(['Hello', ',', ' world', '']);
    expect(messages.map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    expect(messages.at(-1)).toMatchObject({
      done: true,
      finishReason: 'stop',
      usage: { completionTokens: 4 },
    });
    expect(messages.slice(0, -1).every((m) => m.done === undefined)).toBe(true);
  });
});
