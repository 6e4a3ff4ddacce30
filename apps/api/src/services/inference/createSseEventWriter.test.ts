import { describe, expect, it } from 'vitest';
import { createSseEventWriter } from './createSseEventWriter.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createSseEventWriter', () => {
  it('writes the events of one turn in one write, in order, each its own data event', async () => {
    const writes: string[] = [];
    const events = createSseEventWriter({ write: async (text) => writes.push(text) });
    events.send('{"a":1}');
    events.send('{"a":2}');
    await turn();
    events.send('line one\nline two');
    events.send('cr\rcrlf\r\nend');
    events.send('[DONE]');
    await events.flush();
    expect(writes).toEqual([
      'data: {"a":1}\n\ndata: {"a":2}\n\n',
      'data: line one\ndata: line two\n\ndata: cr\ndata: crlf\ndata: end\n\ndata: [DONE]\n\n',
    ]);
  });

  it('holds back what is sent while a write is in flight and writes it next, without losing any', async () => {
    const writes: string[] = [];
    let release: () => void = () => {};
    const events = createSseEventWriter({
      write: (text) => {
        writes.push(text);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    events.send('1');
    await turn();
    expect(writes).toEqual(['data: 1\n\n']);
    events.send('2');
    events.send('3');
    await turn();
    expect(writes).toHaveLength(1);
    release();
    const flushed = events.flush();
    events.send('4');
    // The rest waits for the turn to end, then goes out in one write.
    while (writes.length < 2) await turn();
    release();
    await flushed;
    expect(writes).toEqual(['data: 1\n\n', 'data: 2\n\ndata: 3\n\ndata: 4\n\n']);
  });

  it("counts an event's weight as written only once its write has completed, never one that failed", async () => {
    let release: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    let writes = 0;
    const events = createSseEventWriter({
      write: () =>
        new Promise<void>((resolve, reject) => {
          writes += 1;
          release = resolve;
          fail = reject;
        }),
    });
    events.send('token a', 1);
    events.send('role chunk');
    await turn();
    expect(events.written()).toBe(0);
    events.send('token b', 1);
    release();
    while (writes < 2) await turn();
    expect(events.written()).toBe(1);
    fail(new Error('client gone'));
    await expect(events.flush()).rejects.toThrow('client gone');
    expect(events.written()).toBe(1);
  });
});
