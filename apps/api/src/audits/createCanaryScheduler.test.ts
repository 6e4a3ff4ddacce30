import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCanaryScheduler } from './createCanaryScheduler.js';

/** A random source that returns `values` in turn (and fails the test if asked for more). */
function scripted(...values: number[]): () => number {
  return () => {
    const next = values.shift();
    if (next === undefined) throw new Error('random() called more often than scripted');
    return next;
  };
}

describe('createCanaryScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends a canary once its node served the drawn number of further tasks, other nodes' tasks not counted", () => {
    // K = 10: 0.3 draws floor(0.3 × 11) = 3 tasks; 0.5 draws a time bound of 5 s.
    const canaries = createCanaryScheduler({ maxTasks: 10, maxDelayMs: 10_000, random: scripted(0.3, 0.5) });
    const send = vi.fn();
    canaries.schedule('a', send);
    canaries.served('a');
    canaries.served('b');
    canaries.served('b');
    canaries.served('a');
    expect(send).not.toHaveBeenCalled();
    expect(canaries.waiting()).toBe(1);
    canaries.served('a');
    expect(send).toHaveBeenCalledTimes(1);
    expect(canaries.waiting()).toBe(0);
    // Its time bound was cleared with it: it is not sent twice.
    vi.advanceTimersByTime(10_000);
    canaries.served('a');
    expect(send).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a canary to a node that serves too few tasks at its time bound', () => {
    // 0.99 draws all 10 tasks; 0.25 a time bound of 2.5 s.
    const canaries = createCanaryScheduler({
      maxTasks: 10,
      maxDelayMs: 10_000,
      random: scripted(0.99, 0.25),
    });
    const send = vi.fn();
    canaries.schedule('a', send);
    canaries.served('a');
    vi.advanceTimersByTime(2_499);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(canaries.waiting()).toBe(0);
    // The tasks it no longer waits for send nothing.
    for (let i = 0; i < 10; i++) canaries.served('a');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('draws 0..K tasks uniformly, 0 sending at once without a timer', () => {
    const canaries = createCanaryScheduler({
      maxTasks: 3,
      maxDelayMs: 10_000,
      random: scripted(0, 0.9999, 0.5),
    });
    const now = vi.fn();
    const later = vi.fn();
    canaries.schedule('a', now);
    expect(now).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    canaries.schedule('a', later);
    canaries.served('a');
    canaries.served('a');
    expect(later).not.toHaveBeenCalled();
    canaries.served('a');
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('keeps several canaries of one node apart, each with its own count', () => {
    // First: 1 task (floor(0.2 × 6)), 9 s; second: 4 tasks (floor(0.7 × 6)), 9 s.
    const canaries = createCanaryScheduler({
      maxTasks: 5,
      maxDelayMs: 10_000,
      random: scripted(0.2, 0.9, 0.7, 0.9),
    });
    const first = vi.fn();
    const second = vi.fn();
    canaries.schedule('a', first);
    canaries.schedule('a', second);
    expect(canaries.waiting()).toBe(2);
    canaries.served('a');
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 0]);
    canaries.served('a');
    canaries.served('a');
    canaries.served('a');
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 1]);
    expect(canaries.waiting()).toBe(0);
  });

  it('drops waiting canaries and their timers on close, and schedules nothing after', () => {
    const canaries = createCanaryScheduler({
      maxTasks: 10,
      maxDelayMs: 10_000,
      random: scripted(0.5, 0.5, 0.5),
    });
    const send = vi.fn();
    canaries.schedule('a', send);
    expect(vi.getTimerCount()).toBe(1);
    canaries.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(canaries.waiting()).toBe(0);
    canaries.schedule('a', send);
    for (let i = 0; i < 10; i++) canaries.served('a');
    vi.advanceTimersByTime(10_000);
    expect(send).not.toHaveBeenCalled();
  });

  it('unrefs its timers: a waiting canary does not keep the process alive', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const canaries = createCanaryScheduler({ maxTasks: 10, maxDelayMs: 10_000, random: scripted(0.5, 0.5) });
    canaries.schedule('a', () => {});
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    setTimeoutSpy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    canaries.close();
  });
});
