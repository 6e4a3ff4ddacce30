import { describe, expect, it, vi } from 'vitest';
import { createTaskStreamRegistry } from './createTaskStreamRegistry.js';

const stream = () => ({ ping: vi.fn(), terminate: vi.fn() });

describe('createTaskStreamRegistry', () => {
  it('sends a task only to the streams that watch it', () => {
    const streams = createTaskStreamRegistry<ReturnType<typeof stream>>();
    const [a, b, c] = [stream(), stream(), stream()];
    streams.add(a, 't1');
    streams.add(b, 't1');
    streams.add(c, 't2');
    streams.watch(a);
    streams.watch(c);
    expect(streams.watching('t1')).toEqual([a]);
    expect(streams.count('t1')).toBe(1);
    expect(streams.count('t2')).toBe(1);
    expect(streams.count('t3')).toBe(0);
  });

  it('forgets a removed stream and clears its expiry timer', () => {
    vi.useFakeTimers();
    try {
      const streams = createTaskStreamRegistry<ReturnType<typeof stream>>();
      const a = stream();
      const expired = vi.fn();
      const subscriber = streams.add(a, 't1');
      subscriber.expiry = setTimeout(expired, 10);
      streams.watch(a);
      streams.remove(a);
      streams.remove(a);
      vi.advanceTimersByTime(20);
      expect(expired).not.toHaveBeenCalled();
      expect(streams.count('t1')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('pings live streams and terminates one that did not answer the last ping', () => {
    const streams = createTaskStreamRegistry<ReturnType<typeof stream>>();
    const [answers, silent] = [stream(), stream()];
    const answering = streams.add(answers, 't1');
    streams.add(silent, 't1');
    streams.pingAll();
    expect(answers.ping).toHaveBeenCalledOnce();
    answering.alive = true;
    streams.pingAll();
    expect(answers.terminate).not.toHaveBeenCalled();
    expect(silent.terminate).toHaveBeenCalledOnce();
    expect(answers.ping).toHaveBeenCalledTimes(2);
  });
});
