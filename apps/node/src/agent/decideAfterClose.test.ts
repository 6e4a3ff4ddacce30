import { NodeCloseCode } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { type DecideAfterCloseParameters, decideAfterClose } from './decideAfterClose.js';

const dropped: DecideAfterCloseParameters = {
  code: 1006,
  reason: '',
  serverError: undefined,
  stopping: false,
  draining: false,
  activeTasks: 0,
  lastError: undefined,
};

describe('decideAfterClose', () => {
  it('gives up for good on a fatal close code, naming the coordinator error', () => {
    expect(
      decideAfterClose({
        ...dropped,
        code: NodeCloseCode.authFailed,
        reason: 'refused',
        serverError: { code: 'bad_signature', message: 'signature does not match' },
      }),
    ).toEqual({
      action: 'exit',
      exit: {
        kind: 'fatal',
        closeCode: NodeCloseCode.authFailed,
        errorCode: 'bad_signature',
        message: 'signature does not match',
      },
    });
    expect(decideAfterClose({ ...dropped, code: NodeCloseCode.authFailed })).toMatchObject({
      exit: { errorCode: undefined, message: `closed with ${NodeCloseCode.authFailed}` },
    });
  });

  it('stops when asked to, and leaves drained once no task runs', () => {
    expect(decideAfterClose({ ...dropped, stopping: true, activeTasks: 2 })).toEqual({
      action: 'exit',
      exit: { kind: 'stopped' },
    });
    expect(decideAfterClose({ ...dropped, draining: true })).toEqual({
      action: 'exit',
      exit: { kind: 'drained' },
    });
  });

  it('reconnects otherwise, showing the best reason it has', () => {
    expect(decideAfterClose(dropped)).toEqual({ action: 'reconnect', lastError: 'connection closed (1006)' });
    expect(decideAfterClose({ ...dropped, lastError: 'ECONNREFUSED' })).toMatchObject({
      lastError: 'ECONNREFUSED',
    });
    expect(decideAfterClose({ ...dropped, reason: 'restarting', lastError: 'x' })).toMatchObject({
      lastError: 'restarting',
    });
    expect(decideAfterClose({ ...dropped, draining: true, activeTasks: 1 }).action).toBe('reconnect');
  });

  it('waits and retries while suspended, naming why, instead of giving up', () => {
    const suspended = {
      ...dropped,
      code: NodeCloseCode.suspended,
      reason: 'suspended',
      serverError: { code: 'suspended', message: 'node local-1 is suspended by an operator' },
    };
    expect(decideAfterClose(suspended)).toEqual({
      action: 'waitSuspended',
      reason: 'node local-1 is suspended by an operator',
    });
    expect(decideAfterClose({ ...suspended, serverError: undefined, reason: '' })).toEqual({
      action: 'waitSuspended',
      reason: 'suspended',
    });
    // Asked to stop or drain: a suspended node has nothing left to serve, so it leaves.
    expect(decideAfterClose({ ...suspended, stopping: true })).toEqual({
      action: 'exit',
      exit: { kind: 'stopped' },
    });
    expect(decideAfterClose({ ...suspended, draining: true, activeTasks: 1 })).toEqual({
      action: 'exit',
      exit: { kind: 'drained' },
    });
  });
});
