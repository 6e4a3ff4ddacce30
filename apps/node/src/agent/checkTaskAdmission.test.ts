import { describe, expect, it } from 'vitest';
import { type CheckTaskAdmissionParameters, checkTaskAdmission } from './checkTaskAdmission.js';

const idle: CheckTaskAdmissionParameters = {
  taskId: 't1',
  model: 'far-demo',
  draining: false,
  running: new Map(),
  maxConcurrency: 2,
  models: [{ id: 'far-demo' }],
};

describe('checkTaskAdmission', () => {
  it('admits a task for a served model while a slot is free', () => {
    expect(checkTaskAdmission(idle)).toBeUndefined();
    expect(checkTaskAdmission({ ...idle, running: new Map([['t0', {}]]) })).toBeUndefined();
  });

  it('refuses while draining, before anything else', () => {
    expect(checkTaskAdmission({ ...idle, draining: true, models: undefined })?.code).toBe('draining');
  });

  it('refuses an id already running, then a full node, then an unknown model', () => {
    const full = new Map([
      ['t1', {}],
      ['t2', {}],
    ]);
    expect(checkTaskAdmission({ ...idle, running: full })?.code).toBe('duplicate_task');
    expect(checkTaskAdmission({ ...idle, taskId: 't3', running: full })).toEqual({
      code: 'busy',
      message: 'all 2 slots are in use',
    });
    expect(checkTaskAdmission({ ...idle, model: 'llama-70b' })).toEqual({
      code: 'model_not_found',
      message: 'this node does not serve llama-70b',
    });
    expect(checkTaskAdmission({ ...idle, models: undefined })?.code).toBe('model_not_found');
  });
});
