import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceUpdateSchema } from '../../realtime/channels.js';
import { createTaskUpdatePublisher, TASK_UPDATE_INTERVAL_MS } from './createTaskUpdatePublisher.js';

const task = { taskId: 'task-1', userId: '3f1c1f0e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
const interval = () => vi.advanceTimersByTime(TASK_UPDATE_INTERVAL_MS);

function recorder() {
  const sent: Array<{ channel: string; message: Record<string, unknown> }> = [];
  return {
    sent,
    publish: (channel: string, message: unknown) => sent.push({ channel, message: message as never }),
  };
}

describe('createTaskUpdatePublisher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the tokens of one interval as one chunk, seq from 0 without gaps, and done last', () => {
    const bus = recorder();
    const updates = createTaskUpdatePublisher(bus, task);
    updates.push('Hel');
    vi.advanceTimersByTime(TASK_UPDATE_INTERVAL_MS - 1);
    updates.push('lo');
    expect(bus.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    updates.push(',');
    interval();
    updates.push(' world');
    updates.finish({ finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } });
    interval();

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

  it('sends a chunk at once when its text grows large, so no chunk exceeds the channel limit', () => {
    const bus = recorder();
    const updates = createTaskUpdatePublisher(bus, task);
    const token = 'x'.repeat(1024);
    for (let i = 0; i < 40; i++) updates.push(token);
    updates.finish({ finishReason: 'length', usage: { promptTokens: 1, completionTokens: 40 } });

    const messages = bus.sent.map((m) => InferenceUpdateSchema.parse(m.message));
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.map((m) => m.text).join('')).toBe(token.repeat(40));
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i));
  });
});
