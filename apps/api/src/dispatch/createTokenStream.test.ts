import { describe, expect, it } from 'vitest';
import { createTokenStream } from './createTokenStream.js';

describe('createTokenStream', () => {
  it('delivers values pushed before and during iteration, then ends', async () => {
    const stream = createTokenStream<number>();
    stream.push(1);
    const seen: number[] = [];
    const done = (async () => {
      for await (const batch of stream) seen.push(...batch);
    })();
    stream.push(2);
    await Promise.resolve();
    stream.push(3);
    stream.end();
    await done;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('delivers values pushed together in order, to a consumer already waiting', async () => {
    const stream = createTokenStream<number>();
    const seen: number[] = [];
    const done = (async () => {
      for await (const batch of stream) seen.push(...batch);
    })();
    await Promise.resolve();
    stream.pushAll([1, 2, 3]);
    stream.pushAll([]);
    stream.push(4);
    stream.end();
    stream.pushAll([5]);
    await done;
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('hands over what is buffered at each read as one batch, never an empty one', async () => {
    const stream = createTokenStream<number>();
    stream.push(1);
    stream.pushAll([2, 3]);
    const batches: (readonly number[])[] = [];
    const done = (async () => {
      for await (const batch of stream) batches.push(batch);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    stream.pushAll([]);
    stream.pushAll([4, 5]);
    stream.push(6);
    stream.end();
    await done;
    // A reader already waiting takes a frame as it comes; what follows waits for its next read.
    expect(batches).toEqual([[1, 2, 3], [4, 5], [6]]);
  });

  it('throws the failure after the buffered values', async () => {
    const stream = createTokenStream<string>();
    stream.push('a');
    stream.fail(new Error('node lost'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const batch of stream) seen.push(...batch);
      })(),
    ).rejects.toThrow('node lost');
    expect(seen).toEqual(['a']);
  });

  it('calls onReturn once when the consumer stops early, and ignores later pushes', async () => {
    let returned = 0;
    const stream = createTokenStream<number>(() => {
      returned += 1;
    });
    stream.push(1);
    stream.push(2);
    for await (const _ of stream) break;
    stream.push(3);
    expect(returned).toBe(1);
    expect(stream.closed).toBe(true);
  });

  it('does not call onReturn when the stream had already ended', async () => {
    let returned = 0;
    const stream = createTokenStream<number>(() => {
      returned += 1;
    });
    stream.push(1);
    stream.end();
    for await (const _ of stream) break;
    expect(returned).toBe(0);
  });
});
