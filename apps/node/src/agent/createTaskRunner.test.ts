import type { NodeToServerMessage, TaskAssignMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { createScriptedEngine, type ScriptedEngineOptions } from '../../test/support/createScriptedEngine.js';
import { silentAgentLogger } from './agentLogger.js';
import { createTaskRunner } from './createTaskRunner.js';

const assign = (taskId: string): TaskAssignMessage => ({
  type: 'task.assign',
  taskId,
  model: 'far-demo',
  prompt: 'hi',
  maxTokens: 8,
  temperature: 0,
});
const node = { draining: false, models: [{ id: 'far-demo' }] };

function runner(engineOptions: ScriptedEngineOptions = {}) {
  const sent: NodeToServerMessage[] = [];
  const counts = { changes: 0, finished: 0, tokens: 0 };
  const tasks = createTaskRunner({
    engine: createScriptedEngine(engineOptions),
    maxConcurrency: 1,
    logger: silentAgentLogger,
    send: (m) => sent.push(m),
    onToken: () => {
      counts.tokens += 1;
    },
    onFinished: () => {
      counts.finished += 1;
    },
    onChange: () => {
      counts.changes += 1;
    },
  });
  return { tasks, sent, counts };
}

describe('createTaskRunner', () => {
  it('accepts a task, runs it to done, and counts it served', async () => {
    const { tasks, sent, counts } = runner({ tokens: ['x', 'y'] });
    await tasks.run(assign('t1'), node);
    expect(sent.map((m) => m.type)).toEqual(['task.accepted', 'task.token', 'task.token', 'task.done']);
    expect(counts).toEqual({ changes: 2, finished: 1, tokens: 2 });
    expect(tasks.size).toBe(0);
  });

  it('refuses what it cannot take without starting it', async () => {
    const { tasks, sent, counts } = runner({ hang: true });
    const running = tasks.run(assign('t1'), node);
    expect(tasks.size).toBe(1);
    await tasks.run(assign('t2'), node);
    await tasks.run(assign('t3'), { ...node, draining: true });
    expect(sent.filter((m) => m.type === 'task.error')).toMatchObject([
      { taskId: 't2', code: 'busy' },
      { taskId: 't3', code: 'draining' },
    ]);
    tasks.cancel('t1');
    await running;
    expect(sent.at(-1)).toMatchObject({ type: 'task.done', taskId: 't1', finishReason: 'cancelled' });
    expect(counts.changes).toBe(2);
  });

  it('aborts every running task at once', async () => {
    const { tasks, sent } = runner({ hang: true, fail: new Error('aborted') });
    const running = tasks.run(assign('t1'), node);
    tasks.abortAll();
    await running;
    expect(sent.at(-1)).toMatchObject({ type: 'task.done', finishReason: 'cancelled' });
    expect(tasks.size).toBe(0);
  });
});
