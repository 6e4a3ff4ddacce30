import { describe, expect, it } from 'vitest';
import { createSequencePool } from './createSequencePool.js';

describe('createSequencePool', () => {
  it('lends each item to one request at a time and hands a released one to the first in line', async () => {
    const pool = createSequencePool(['s1']);
    const first = await pool.acquire();
    expect(first).toBe('s1');
    const second = pool.acquire();
    const third = pool.acquire();
    pool.release('s1');
    expect(await second).toBe('s1');
    pool.release('s1');
    expect(await third).toBe('s1');
    pool.release('s1');
    expect(await pool.acquire()).toBe('s1');
  });

  it('gives up a wait when its signal aborts, without losing its place for the others', async () => {
    const pool = createSequencePool(['s1']);
    await pool.acquire();
    const controller = new AbortController();
    const abandoned = pool.acquire(controller.signal);
    const waiting = pool.acquire();
    controller.abort();
    expect(await abandoned).toBeUndefined();
    pool.release('s1');
    expect(await waiting).toBe('s1');
  });

  it('ends every wait when it closes', async () => {
    const pool = createSequencePool(['s1']);
    await pool.acquire();
    const waits = [pool.acquire(), pool.acquire()];
    pool.close();
    expect(await Promise.all(waits)).toEqual([undefined, undefined]);
  });
});
